using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrialMonitor.Contracts.Patients;
using TrialMonitor.Grains;
using TrialMonitor.Persistence;
using TrialMonitor.Server.Security;

namespace TrialMonitor.Server.Api;

/// <summary>
/// Review of quarantined observations by a data manager (issue "data-manager: review and release or discard
/// quarantined observations of their centers"). A release re-submits the observation, corrected if need be, through
/// the same parser and patient grain as <c>POST /api/v1/observations</c>, so the clinical plausibility limits apply
/// to it as to any other observation.
/// </summary>
internal static class QuarantineEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
    public const int MaxNoteLength = 2000;

    /// <summary>One quarantine row; <see cref="Submitted"/> is the item as it was kept at rejection.</summary>
    public sealed record QuarantineItem(
        long Id,
        string? ObservationId,
        string? PatientId,
        string? CenterId,
        DateTimeOffset ReceivedAt,
        string Field,
        string Error,
        JsonElement Submitted,
        string Status,
        string? ReviewedBy,
        DateTimeOffset? ReviewedAt,
        string? ReviewNote);

    /// <summary>A page of rows; <see cref="NextAfterId"/> is the <c>afterId</c> of the next page, null on the last one.</summary>
    public sealed record QuarantinePage(IReadOnlyList<QuarantineItem> Items, long? NextAfterId);

    /// <summary>The released row, the id the observation was logged under, and what the ingest path made of it.</summary>
    public sealed record ReleaseResponse(QuarantineItem Quarantine, string ObservationId, ObservationEndpoints.IngestResponse Ingest);

    public static void MapQuarantineEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/centers/{centerId}/quarantine", ListAsync);
        routes.MapPost("/api/v1/quarantine/{quarantineId}/release", ReleaseAsync);
        routes.MapPost("/api/v1/quarantine/{quarantineId}/discard", DiscardAsync);
    }

    private static async Task<IResult> ListAsync(string centerId, HttpRequest request, IQuarantineReview review, CancellationToken cancellationToken)
    {
        if (centerId != IQuarantineReview.Unassigned && Identifiers.Problem("centerId", centerId) is { } badCenter) return Problems.BadRequest(badCenter);

        var query = request.Query;
        string? status = QuarantineStatus.Pending;
        if (query.TryGetValue("status", out var statusValue) && !string.IsNullOrEmpty(statusValue.ToString()))
        {
            var text = statusValue.ToString();
            if (text == "all") status = null;
            else if (QuarantineStatus.IsKnown(text)) status = text;
            else return Problems.BadRequest($"status: '{Shorten(text)}' is not one of pending, released, discarded, all");
        }

        var afterId = 0L;
        if (query.TryGetValue("afterId", out var afterValue) && !string.IsNullOrEmpty(afterValue.ToString())
            && (!long.TryParse(afterValue.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out afterId)))
            return Problems.BadRequest($"afterId: '{Shorten(afterValue.ToString())}' is not a quarantine id (a non-negative integer)");

        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitValue) && !string.IsNullOrEmpty(limitValue.ToString())
            && (!int.TryParse(limitValue.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            return Problems.BadRequest($"limit: '{Shorten(limitValue.ToString())}' is not a number from 1 to {MaxLimit}");

        var rows = await review.ListQuarantineAsync(centerId, status, afterId, limit, cancellationToken);
        return Results.Ok(new QuarantinePage(rows.Select(ToItem).ToArray(), rows.Count == limit ? rows[^1].Id : null));
    }

    private static async Task<IResult> DiscardAsync(string quarantineId, HttpRequest request, IQuarantineReview review, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await FindAsync(quarantineId, review, cancellationToken) is not { } entry) return UnknownRow(quarantineId);
        var (body, problem) = await ReadBodyAsync(request, cancellationToken);
        if (problem is not null) return problem;
        var (note, noteProblem) = ReadNote(body, "discarded");
        if (noteProblem is not null) return noteProblem;
        if (entry.Status != QuarantineStatus.Pending) return AlreadyReviewed(entry);

        if (!await review.MarkReviewedAsync(entry.Id, QuarantineStatus.Discarded, request.HttpContext.User.Who(), note!, clock.GetUtcNow(), cancellationToken))
            return await ReviewedMeanwhileAsync(entry.Id, review, cancellationToken);
        return Results.Ok(ToItem((await review.GetQuarantinedAsync(entry.Id, cancellationToken))!));
    }

    private static async Task<IResult> ReleaseAsync(string quarantineId, HttpRequest request, IQuarantineReview review, IGrainFactory grains, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await FindAsync(quarantineId, review, cancellationToken) is not { } entry) return UnknownRow(quarantineId);
        var (body, problem) = await ReadBodyAsync(request, cancellationToken);
        if (problem is not null) return problem;
        var (note, noteProblem) = ReadNote(body, "released");
        if (noteProblem is not null) return noteProblem;
        if (body.TryGetProperty("unit", out var unit) && unit.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            return Problems.BadRequest($"unit: must be a string (a UCUM unit such as \"[degF]\"), not {Shorten(unit.GetRawText())}");
        if (entry.Status != QuarantineStatus.Pending) return AlreadyReviewed(entry);

        // The item as kept, with the corrections, under a new id derived from the row: a retried release is a
        // duplicate of the first, never a second observation.
        if (ParseObject(entry.Json) is not { } item)
            return Problems.Unprocessable($"observation: quarantine row {entry.Id} was not a JSON object when submitted; it can only be discarded", "observation", "the item is not a JSON object");
        var observationId = string.IsNullOrEmpty(entry.ObservationId) ? $"q{entry.Id}" : $"q{entry.Id}-{entry.ObservationId}";
        item["id"] = observationId;
        if (entry.PatientId is not null) item["patientId"] = entry.PatientId;
        if (body.TryGetProperty("value", out var value)) item["value"] = JsonNode.Parse(value.GetRawText());
        if (unit.ValueKind != JsonValueKind.Undefined) item["unit"] = unit.ValueKind == JsonValueKind.String ? unit.GetString() : null;

        // The real ingest path: the request parser, then the patient grain's normaliser and log. Received when it was
        // first received, so that the time checks judge it as they would have then.
        var envelope = JsonSerializer.SerializeToElement(new JsonObject { ["observations"] = new JsonArray(item) });
        if (!ObservationRequestParser.TryParse(envelope, entry.ReceivedAt, out var items, out var parseProblem)) return Problems.BadRequest(parseProblem!);
        var parsed = items[0];
        if (parsed.Rejection is { } rejection) return StillRejected(entry.Id, rejection.Error);

        var result = await grains.Patient(parsed.PatientId!)
            .IngestAsync([parsed.Observation!], request.HttpContext.User.Centers(), quarantineRejected: false);
        if (result.Rejected.Count > 0) return StillRejected(entry.Id, result.Rejected[0].Error);

        if (!await review.MarkReviewedAsync(entry.Id, QuarantineStatus.Released, request.HttpContext.User.Who(), note!, clock.GetUtcNow(), cancellationToken))
            return await ReviewedMeanwhileAsync(entry.Id, review, cancellationToken);
        var released = (await review.GetQuarantinedAsync(entry.Id, cancellationToken))!;
        return Results.Ok(new ReleaseResponse(ToItem(released), observationId, new ObservationEndpoints.IngestResponse(result.Accepted, result.Duplicates, result.Rejected)));
    }

    private static async Task<QuarantineEntry?> FindAsync(string quarantineId, IQuarantineReview review, CancellationToken cancellationToken) =>
        long.TryParse(quarantineId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await review.GetQuarantinedAsync(id, cancellationToken)
            : null;

    private static IResult UnknownRow(string quarantineId) => Problems.NotFound($"quarantineId: no quarantined observation has id '{Shorten(quarantineId)}'");

    private static IResult AlreadyReviewed(QuarantineEntry entry) => Problems.Conflict(
        $"quarantine row {entry.Id} is already {entry.Status} (by {entry.ReviewedBy} at {entry.ReviewedAt?.ToString("O", CultureInfo.InvariantCulture)}); only a pending row can be reviewed");

    private static async Task<IResult> ReviewedMeanwhileAsync(long id, IQuarantineReview review, CancellationToken cancellationToken) =>
        await review.GetQuarantinedAsync(id, cancellationToken) is { } now
            ? AlreadyReviewed(now)
            : Problems.Conflict($"quarantine row {id} was reviewed by someone else meanwhile");

    private static IResult StillRejected(long id, string error)
    {
        var colon = error.IndexOf(':', StringComparison.Ordinal);
        var field = colon > 0 ? error[..colon] : "observation";
        return Problems.Unprocessable($"{error} (quarantine row {id} stays pending)", field, error);
    }

    private static async Task<(JsonElement Body, IResult? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, cancellationToken);
        if (problem is not null) return (default, problem);
        using (document)
        {
            return document!.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null)
                : (default, Problems.BadRequest("the body must be a JSON object, e.g. { \"note\": \"...\" }"));
        }
    }

    private static (string? Note, IResult? Problem) ReadNote(JsonElement body, string verb)
    {
        if (!body.TryGetProperty("note", out var note) || note.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(note.GetString()))
            return (null, Problems.BadRequest($"note: is required: say why the observation is {verb}"));
        var text = note.GetString()!.Trim();
        return text.Length > MaxNoteLength
            ? (null, Problems.BadRequest($"note: {text.Length} characters long; at most {MaxNoteLength} are allowed"))
            : (text, null);
    }

    private static JsonObject? ParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static QuarantineItem ToItem(QuarantineEntry entry) => new(
        entry.Id, entry.ObservationId, entry.PatientId, entry.CenterId, entry.ReceivedAt, entry.Field, entry.Reason,
        ParseElement(entry.Json), entry.Status, entry.ReviewedBy, entry.ReviewedAt, entry.ReviewNote);

    private static JsonElement ParseElement(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
