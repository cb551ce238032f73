using System.Collections;
using System.Globalization;

namespace TrialMonitor.Server.Hosting.Logging;

/// <summary>
/// A log entry's structured state with string values redacted, for providers that export the fields (JSON console,
/// OpenTelemetry) as well as the message. The message template ("{OriginalFormat}") is our code's and kept.
/// </summary>
internal sealed class RedactedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private const string OriginalFormat = "{OriginalFormat}";
    private readonly string _message;
    private readonly KeyValuePair<string, object?>[] _values;

    public RedactedLogState(string message, IReadOnlyList<KeyValuePair<string, object?>>? values)
    {
        _message = message;
        _values = values is null ? [] : [.. values.Select(Redact)];
    }

    public static string Format(RedactedLogState state, Exception? exception) => state._message;

    public int Count => _values.Length;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _message;

    private static KeyValuePair<string, object?> Redact(KeyValuePair<string, object?> pair) => pair.Key == OriginalFormat
        ? pair
        : new(pair.Key, pair.Value switch
        {
            null => null,
            string text => PatientIdRedactor.Redact(text),
            bool or int or long or double or decimal or float or short or byte or DateTimeOffset or DateTime or TimeSpan or Guid => pair.Value,
            IFormattable formattable => PatientIdRedactor.Redact(formattable.ToString(null, CultureInfo.InvariantCulture)),
            _ => PatientIdRedactor.Redact(pair.Value.ToString() ?? ""),
        });
}
