using System.Collections;
using Microsoft.Extensions.Logging;

namespace TrialMonitor.Server.Hosting.Logging;

/// <summary>
/// Hands providers their scopes redacted: ASP.NET Core's request scope holds the request path, which names the
/// patient on every /api/v1/patients/{patientId} route.
/// </summary>
internal sealed class RedactingScopeProvider(IExternalScopeProvider inner) : IExternalScopeProvider
{
    public void ForEachScope<TState>(Action<object?, TState> callback, TState state) =>
        inner.ForEachScope((scope, s) => callback(Redact(scope), s), state);

    public IDisposable Push(object? state) => inner.Push(state);

    private static object? Redact(object? scope) => scope switch
    {
        null => null,
        string text => PatientIdRedactor.Redact(text),
        IEnumerable<KeyValuePair<string, object?>> pairs => new RedactedScope(pairs),
        _ => PatientIdRedactor.Redact(scope.ToString() ?? ""),
    };

    private sealed class RedactedScope(IEnumerable<KeyValuePair<string, object?>> original) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] _pairs =
            [.. original.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value is null or bool or int or long or double ? p.Value : PatientIdRedactor.Redact(p.Value.ToString() ?? "")))];

        private readonly string _text = PatientIdRedactor.Redact(original.ToString() ?? "");

        public int Count => _pairs.Length;

        public KeyValuePair<string, object?> this[int index] => _pairs[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_pairs).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => _text;
    }
}
