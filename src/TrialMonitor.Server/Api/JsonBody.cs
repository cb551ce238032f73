using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
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

        if (Validate(document.RootElement, new JsonPath()) is { } problem)
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
    /// <remarks>
    /// Runs over every element of every request, so it reads the raw UTF-8 and allocates nothing unless something is
    /// wrong: names and paths are only spelled out for the answer; only text with escapes is decoded to be checked.
    /// </remarks>
    private static string? Validate(JsonElement element, JsonPath path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (CheckNames(element, path) is { } nameProblem) return nameProblem;
                foreach (var property in element.EnumerateObject())
                {
                    path.Push(property);
                    var problem = Validate(property.Value, path);
                    path.Pop();
                    if (problem is not null) return problem;
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    path.Push(i);
                    var problem = Validate(item, path);
                    path.Pop();
                    if (problem is not null) return problem;
                    i++;
                }

                return null;
            case JsonValueKind.String:
                return JsonText.Check(JsonMarshal.GetRawUtf8Value(element)[1..^1]) switch
                {
                    JsonText.Fault.InvalidUnicode => $"{path.Field}: is not valid Unicode text",
                    JsonText.Fault.Nul => $"{path.Field}: must not contain the NUL character",
                    _ => null,
                };
            default:
                return null;
        }
    }

    /// <summary>
    /// An object's property names: each must decode, none may repeat an earlier one, none may hold a NUL; the first
    /// fault in that order is the answer.
    /// </summary>
    private static string? CheckNames(JsonElement element, JsonPath path)
    {
        var count = 0;
        var escaped = false;
        foreach (var property in element.EnumerateObject())
        {
            count++;
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (name.IndexOf((byte)'\\') >= 0) escaped = true;
            else if (!Utf8.IsValid(name)) return $"{path.Field}: a property name is not valid Unicode text";
        }

        // Escapes, or a large (possibly hostile) object: decode the names and compare them as text.
        if (escaped || count > 16) return CheckDecodedNames(element, path);

        // A linear look back for the handful of properties the contract's objects have.
        var index = 0;
        foreach (var property in element.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            var earlier = 0;
            foreach (var previous in element.EnumerateObject())
            {
                if (earlier++ == index) break;
                if (name.SequenceEqual(JsonMarshal.GetRawUtf8PropertyName(previous)))
                    return $"{path.Child(property.Name)}: appears more than once in its object; each property may be given once";
            }

            index++;
        }

        return null;
    }

    /// <summary>
    /// The same checks on decoded names. A set for larger objects, so that a hostile object of 100,000 properties
    /// costs 100,000 lookups rather than 10^10 comparisons.
    /// </summary>
    private static string? CheckDecodedNames(JsonElement element, JsonPath path)
    {
        var names = new List<string>();
        try
        {
            foreach (var property in element.EnumerateObject()) names.Add(property.Name);
        }
        catch (InvalidOperationException)
        {
            return $"{path.Field}: a property name is not valid Unicode text";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name)) return $"{path.Child(name)}: appears more than once in its object; each property may be given once";
        }

        return names.Any(n => n.Contains('\0', StringComparison.Ordinal)) ? $"{path.Field}: a property name contains the NUL character" : null;
    }

    /// <summary>Where the walk is, kept as the elements themselves and spelled out only for an answer.</summary>
    private sealed class JsonPath
    {
        private readonly List<(JsonProperty Property, int Index)> _segments = [];

        public void Push(JsonProperty property) => _segments.Add((property, -1));

        public void Push(int index) => _segments.Add((default, index));

        public void Pop() => _segments.RemoveAt(_segments.Count - 1);

        /// <summary>The path, or "the body" at the top.</summary>
        public string Field => _segments.Count == 0 ? "the body" : Text;

        public string Child(string name) => _segments.Count == 0 ? name : Text + "." + name;

        private string Text
        {
            get
            {
                var text = new StringBuilder();
                foreach (var (property, index) in _segments)
                {
                    if (index >= 0)
                    {
                        text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                        continue;
                    }

                    if (text.Length > 0) text.Append('.');
                    text.Append(property.Name);
                }

                return text.ToString();
            }
        }
    }
}
