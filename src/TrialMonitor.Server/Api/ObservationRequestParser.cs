using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using TrialMonitor.Contracts.Observations;

namespace TrialMonitor.Server.Api;

/// <summary>One item of the request: either parsed, or rejected with the field and the reason and the item's own text (for quarantine).</summary>
internal readonly record struct ParsedItem(string? PatientId, SubmittedObservation? Observation, RejectedObservation? Rejection, string? Json);

/// <summary>
/// Reads <c>{ "observations": [ ... ] }</c>. A body that is not that shape is a 400; an item that is not a valid
/// observation is a per-item rejection, so one bad item never costs the others.
/// </summary>
internal static class ObservationRequestParser
{
    public const int MaxObservationsPerRequest = 10_000;

    public static bool TryParse(JsonElement body, DateTimeOffset receivedAt, out List<ParsedItem> items, out string? problem)
    {
        items = [];
        problem = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            problem = "the body must be a JSON object { \"observations\": [ ... ] }";
            return false;
        }

        if (!body.TryGetProperty("observations", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            problem = "observations: the body must have an \"observations\" array";
            return false;
        }

        var count = list.GetArrayLength();
        if (count > MaxObservationsPerRequest)
        {
            problem = $"observations: {count} items sent; at most {MaxObservationsPerRequest:N0} are accepted per request";
            return false;
        }

        items = new List<ParsedItem>(count);
        var index = 0;
        var repeated = new RepeatedStrings();
        foreach (var element in list.EnumerateArray()) items.Add(ParseItem(index++, element, receivedAt, repeated));
        return true;
    }

    private static ParsedItem ParseItem(int index, JsonElement item, DateTimeOffset receivedAt, RepeatedStrings repeated)
    {
        if (item.ValueKind != JsonValueKind.Object) return Reject(index, null, null, item, "observations[]: each item must be a JSON object");

        var id = ReadString(item, "id", out var idProblem);
        if (idProblem is not null || string.IsNullOrWhiteSpace(id))
            return Reject(index, null, null, item, idProblem ?? "id: is required: it is the sender's message id and the idempotency key");
        if (id.Length > 200) return Reject(index, id, null, item, $"id: {id.Length} characters long; at most 200 are allowed");

        var patientId = ReadString(item, "patientId", out var patientProblem, repeated.PatientIds);
        if (patientProblem is not null) return Reject(index, id, null, item, patientProblem);
        if (Identifiers.Problem("patientId", patientId) is { } badPatient) return Reject(index, id, null, item, "patientId: " + badPatient);

        var code = ReadString(item, "code", out var codeProblem, repeated.Codes);
        if (codeProblem is not null) return Reject(index, id, patientId, item, codeProblem);

        var unit = ReadString(item, "unit", out var unitProblem, repeated.Units);
        if (unitProblem is not null) return Reject(index, id, patientId, item, unitProblem);

        DateTimeOffset? effectiveAt = null;
        if (item.TryGetProperty("effectiveAt", out var effective) && effective.ValueKind != JsonValueKind.Null)
        {
            if (effective.ValueKind != JsonValueKind.String || !TryParseTime(effective, out var parsed))
                return Reject(index, id, patientId, item, $"effectiveAt: {Shorten(effective.GetRawText())} is not an ISO-8601 time with an offset (e.g. 2026-03-03T14:05:00+01:00)");
            effectiveAt = parsed;
        }

        var value = item.TryGetProperty("value", out var v) ? ReadValue(v) : new SubmittedValue(SubmittedValueKind.Missing);
        return new ParsedItem(patientId, new SubmittedObservation(index, id, code ?? "", value, unit, effectiveAt, receivedAt), null, null);
    }

    /// <summary><see cref="TryParseTime(string, out DateTimeOffset)"/> on the element's text, decoded on the stack when it is ASCII once unescaped.</summary>
    private static bool TryParseTime(JsonElement element, out DateTimeOffset value)
    {
        Span<char> text = stackalloc char[64];
        return JsonText.TryDecodeAscii(JsonMarshal.GetRawUtf8Value(element)[1..^1], text, out var length)
            ? TryParseTime(text[..length], out value)
            : TryParseTime(element.GetString()!, out value);
    }

    /// <summary>Times must carry an offset: a local time without one would be graded at the wrong hour.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset value) => TryParseTime(text.AsSpan(), out value);

    private static bool TryParseTime(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20) return false;
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-';
        return hasOffset && (IsoTime.TryParseCommon(text, out value) || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value));
    }

    private static SubmittedValue ReadValue(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return value.TryGetDecimal(out var number)
                    ? new SubmittedValue(SubmittedValueKind.Number, Number: number)
                    : new SubmittedValue(SubmittedValueKind.Unsupported, Text: $"the number {Shorten(value.GetRawText())}, which is out of range");
            case JsonValueKind.String:
                return new SubmittedValue(SubmittedValueKind.Text, Text: value.GetString());
            case JsonValueKind.True:
            case JsonValueKind.False:
                return new SubmittedValue(SubmittedValueKind.Boolean, Boolean: value.GetBoolean());
            case JsonValueKind.Array:
                var list = new List<string>();
                foreach (var entry in value.EnumerateArray())
                {
                    if (entry.ValueKind != JsonValueKind.String)
                        return new SubmittedValue(SubmittedValueKind.Unsupported, Text: $"a list containing {Shorten(entry.GetRawText())}, which is not text");
                    list.Add(entry.GetString()!);
                }

                return new SubmittedValue(SubmittedValueKind.TextList, List: list);
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return new SubmittedValue(SubmittedValueKind.Missing);
            default:
                return new SubmittedValue(SubmittedValueKind.Unsupported, Text: $"{Shorten(value.GetRawText())}");
        }
    }

    private static string? ReadString(JsonElement item, string name, out string? problem, List<string>? seen = null)
    {
        problem = null;
        if (!item.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null) return null;
        if (property.ValueKind == JsonValueKind.String) return seen is null ? property.GetString() : RepeatedStrings.Get(property, seen);
        problem = $"{name}: must be a string, not {Shorten(property.GetRawText())}";
        return null;
    }

    private static ParsedItem Reject(int index, string? id, string? patientId, JsonElement item, string error) =>
        new(patientId, null, new RejectedObservation(index, id, error), item.GetRawText());

    /// <summary>
    /// Codes, units and patient ids repeat down a request (a device sends one patient's vital signs together): the
    /// string decoded for an earlier item is handed out again instead of a new one per item.
    /// </summary>
    private sealed class RepeatedStrings
    {
        // Beyond this many distinct values a lookup costs more than the string it saves.
        private const int MaxRemembered = 16;

        public List<string> PatientIds { get; } = [];

        public List<string> Codes { get; } = [];

        public List<string> Units { get; } = [];

        public static string Get(JsonElement element, List<string> seen)
        {
            // Newest first: the same patient's items come together.
            for (var i = seen.Count - 1; i >= 0; i--)
            {
                if (element.ValueEquals(seen[i])) return seen[i];
            }

            var text = element.GetString()!;
            if (seen.Count == MaxRemembered) seen.RemoveAt(0);
            seen.Add(text);
            return text;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
