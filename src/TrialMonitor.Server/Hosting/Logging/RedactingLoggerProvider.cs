using Microsoft.Extensions.Logging;

namespace TrialMonitor.Server.Hosting.Logging;

/// <summary>
/// Wraps a log provider (console, OpenTelemetry, a test's capture) so that everything it receives has passed through
/// <see cref="PatientIdRedactor"/>: the formatted message, the structured state's values, the exception and the
/// scopes (ASP.NET Core's request scope carries the URL path).
/// </summary>
public sealed class RedactingLoggerProvider(ILoggerProvider inner) : ILoggerProvider, ISupportExternalScope
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
    {
        if (inner is ISupportExternalScope scoped) scoped.SetScopeProvider(new RedactingScopeProvider(scopeProvider));
    }

    // The inner provider belongs to the container, which disposes it.
    public void Dispose()
    {
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!inner.IsEnabled(logLevel)) return;
            var message = PatientIdRedactor.Redact(formatter(state, exception));
            var redacted = new RedactedLogState(message, state as IReadOnlyList<KeyValuePair<string, object?>>);
            inner.Log(logLevel, eventId, redacted, exception is null ? null : new RedactedException(exception), RedactedLogState.Format);
        }
    }
}
