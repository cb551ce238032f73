namespace TrialMonitor.Server.Api;

/// <summary>RFC 7807 problems with a <c>detail</c> a person can act on (api.md).</summary>
internal static class Problems
{
    public static IResult BadRequest(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid");

    public static IResult NotFound(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Unauthorized(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status401Unauthorized, title: "Not authenticated");

    public static IResult Forbidden(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");

    /// <summary>422: the request is well formed but its content is refused, naming the field and the error.</summary>
    public static IResult Unprocessable(string detail, string field, string error) => Results.Problem(
        detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not accepted",
        extensions: new Dictionary<string, object?> { ["field"] = field, ["error"] = error });

    public static IResult Conflict(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    /// <summary>A grain's own validation (its <see cref="ArgumentException"/>), as a 400 without the parameter name.</summary>
    public static IResult BadRequest(ArgumentException exception) =>
        BadRequest(exception.ParamName is { } name ? exception.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : exception.Message);

    /// <summary>503: at capacity or a dependency briefly gone; the caller sets Retry-After.</summary>
    public static IResult Unavailable(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Temporarily unavailable");

    public static IResult UnsupportedMediaType(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The body's media type is not accepted");

    public static IResult TooLarge(long? limit) => Results.Problem(detail: TooLargeDetail(limit), statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request is too large");

    public static string TooLargeDetail(long? limit) => limit is { } bytes
        ? $"the body is larger than the limit of {bytes:N0} bytes for this endpoint"
        : "the body is larger than the limit for this endpoint";
}
