using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace TrialMonitor.Server.Api;

/// <summary>
/// Reads a request body as strict JSON for the hand-written parsers of the write endpoints: one value, no trailing
/// text, no duplicate property names, at most <see cref="MaxDepth"/> levels of nesting, every string valid Unicode
/// without NUL characters. Anything else is a 400 whose detail starts with the field or with "the body"; a body over
/// the request size limit is a 413 naming the limit (<see cref="RequestSizeLimits"/>); a body declared as anything
/// but UTF-8 JSON is a 415 naming Content-Type.
/// </summary>
internal static class JsonBody
{
    /// <summary>The deepest request of the contract is 4 levels (body → observations → item → value list).</summary>
    public const int MaxDepth = 16;

    // Duplicates are found by Validate, which can name the whole path of the repeated property; the parser's own
    // check would only give its name, in words that change between .NET versions.
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = true };

    /// <summary>The parsed document (the caller disposes it), or the problem to answer with.</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (ContentTypeProblem(request) is { } contentTypeProblem) return (null, Problems.UnsupportedMediaType(contentTypeProblem));

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, Options, cancellationToken);
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

    /// <summary>
    /// JSON bodies must say so: <c>application/json</c> or a <c>+json</c> type, in UTF-8 (RFC 8259 section 8.1) when a
    /// charset is given. A sender that labels its body as text or form data has a bug we should not guess around.
    /// </summary>
    internal static string? ContentTypeProblem(HttpRequest request)
    {
        var declared = request.ContentType;
        if (string.IsNullOrWhiteSpace(declared))
            return "Content-Type: missing; send the body as application/json";
        if (!MediaTypeHeaderValue.TryParse(declared, out var mediaType) || mediaType.MediaType.Value is not { } type)
            return "Content-Type: not a valid media type; send the body as application/json";
        var isJson = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        if (!isJson)
            return "Content-Type: the body must be application/json";
        var charset = mediaType.Charset.Value;
        if (charset is not null && !charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return "Content-Type: the charset must be utf-8 (RFC 8259)";
        return null;
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
                if (badName is not null) return badName;
                if (FirstRepeated(properties) is { } repeated)
                    return $"{Child(path, repeated)}: appears more than once in its object; each property may be given once";
                foreach (var property in properties)
                {
                    if (property.Name.Contains('\0', StringComparison.Ordinal)) return $"{Field(path)}: a property name contains the NUL character";
                    if (Validate(property.Value, Child(path, property.Name)) is { } problem) return problem;
                }

                return null;
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

    /// <summary>
    /// The path of the first property whose name an earlier property of the same object already has. A linear look
    /// back for the handful of properties the contract's objects have; a set for larger objects, so that a hostile
    /// object of 100,000 properties costs 100,000 lookups rather than 10^10 comparisons.
    /// </summary>
    private static string? FirstRepeated(List<JsonProperty> properties)
    {
        if (properties.Count > 16)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in properties)
            {
                if (!seen.Add(property.Name)) return property.Name;
            }

            return null;
        }

        for (var i = 1; i < properties.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(properties[i].Name, properties[j].Name, StringComparison.Ordinal)) return properties[i].Name;
            }
        }

        return null;
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

    private static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Field(string path) => path.Length == 0 ? "the body" : path;
}
