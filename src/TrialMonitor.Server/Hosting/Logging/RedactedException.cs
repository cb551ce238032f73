namespace TrialMonitor.Server.Hosting.Logging;

/// <summary>
/// Stands in for a logged exception so that log providers print its type, message and stack trace with subject ids
/// removed (<see cref="PatientIdRedactor"/>). The stack frames are code locations and kept as they are.
/// </summary>
public sealed class RedactedException : Exception
{
    private readonly string _text;

    public RedactedException(Exception original)
        : base(PatientIdRedactor.Redact($"{original.GetType().FullName}: {original.Message}"))
    {
        ArgumentNullException.ThrowIfNull(original);
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        _text = PatientIdRedactor.Redact(original.ToString());
        HResult = original.HResult;
    }

    public RedactedException()
        : this(new InvalidOperationException())
    {
    }

    public RedactedException(string message)
        : this(new InvalidOperationException(message))
    {
    }

    public RedactedException(string message, Exception innerException)
        : this(new InvalidOperationException(message, innerException))
    {
    }

    /// <summary>The type of the exception this one stands in for.</summary>
    public string OriginalType { get; } = "";

    public override string? StackTrace => null;

    public override string ToString() => _text;
}
