using System.Text.Json;

namespace TrialMonitor.Server.Api;

/// <summary>
/// Reads a request body as strict JSON for the hand-written parsers of the write endpoints: one value, no trailing
/// text, no duplicate property names, at most <see cref="MaxDepth"/> levels of nesting, every string valid Unicode
/// without NUL characters. Anything else is a 400 whose detail starts with the field or with "the body"; a body over
/// the request size limit is a 413 naming the limit (<see cref="RequestSizeLimits"/>).
/// </summary>
internal static class JsonBody
{
    /// <summary>The deepest request of the contract is 4 levels (body → observations → item → value list).</summary>
    public const int MaxDepth = 16;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = false };

    /// <summary>The parsed document (the caller disposes it), or the problem to answer with.</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, Options, cancellationToken);
        }
        catch (JsonException exception) when (DuplicateName(exception) is { } name)
        {
            return (null, Problems.BadRequest($"{name}: appears more than once in an object of the body; each property may be given once"));
        }
        catch (JsonException exception)
        {
            return (null, Problems.BadRequest($"the body is not valid JSON: {Describe(exception)}"));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge(RequestSizeLimits.Of(request.HttpContext)));
        }
        catch (BadHttpRequestException)
        {
            return (null, Problems.BadRequest("the body could not be read"));
        }

        if (Validate(document.RootElement, "") is { } problem)
        {
            document.Dispose();
            return (null, Problems.BadRequest(problem));
        }

        return (document, null);
    }

    private static string? DuplicateName(JsonException exception)
    {
        const string Prefix = "Duplicate property '";
        var message = exception.Message;
        if (!message.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var end = message.IndexOf('\'', Prefix.Length);
        return end > Prefix.Length && end - Prefix.Length <= 64 ? message[Prefix.Length..end] : "a property";
    }

    /// <summary>
    /// The reader's own words (position and cause) without the type names of the parser; the message of a
    /// <see cref="JsonException"/> from the document reader never holds the input beyond a character or two.
    /// </summary>
    private static string Describe(JsonException exception)
    {
        var where = exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})" : "";
        var message = exception.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut].TrimEnd(' ', '|', '.') + ".";
        if (message.Contains("System.", StringComparison.Ordinal)) message = "malformed JSON.";
        if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal)) return "the body is empty";
        return message.TrimEnd('.') + where;
    }

    /// <summary>Every string and property name must decode (no lone surrogates, valid UTF-8) and hold no NUL.</summary>
    private static string? Validate(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = EnumerateSafely(element, path, out var badName);
                foreach (var property in properties)
                {
                    if (property.Name.Contains('\0', StringComparison.Ordinal)) return $"{Field(path)}: a property name contains the NUL character";
                    var child = path.Length == 0 ? property.Name : path + "." + property.Name;
                    if (Validate(property.Value, child) is { } problem) return problem;
                }

                return badName;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Validate(item, $"{path}[{i}]") is { } problem) return problem;
                    i++;
                }

                return null;
            case JsonValueKind.String:
                string text;
                try
                {
                    text = element.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    return $"{Field(path)}: is not valid Unicode text";
                }

                return text.Contains('\0', StringComparison.Ordinal) ? $"{Field(path)}: must not contain the NUL character" : null;
            default:
                return null;
        }
    }

    private static List<JsonProperty> EnumerateSafely(JsonElement element, string path, out string? problem)
    {
        problem = null;
        var list = new List<JsonProperty>();
        try
        {
            foreach (var property in element.EnumerateObject())
            {
                _ = property.Name;
                list.Add(property);
            }
        }
        catch (InvalidOperationException)
        {
            problem = $"{Field(path)}: a property name is not valid Unicode text";
            list.Clear();
        }

        return list;
    }

    private static string Field(string path) => path.Length == 0 ? "the body" : path;
}
