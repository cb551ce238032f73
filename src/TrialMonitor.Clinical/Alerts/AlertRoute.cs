namespace TrialMonitor.Clinical.Alerts;

/// <summary>
/// Which alerts a route takes (null matches anything) and its escalation chain: level 0 is paged first, each later
/// level when the one before has not acknowledged in time. A level is roles separated by commas, so that a route
/// reads and binds from configuration as plain strings ("bedside-nurse,cart-physician-on-call").
/// </summary>
public sealed record AlertRoute
{
    public string? Kind { get; init; }

    public string? Severity { get; init; }

    public int? MinGrade { get; init; }

    public int? MaxGrade { get; init; }

    public IReadOnlyList<string> Levels { get; init; } = [];

    public bool Matches(string kind, int? grade, string severity) =>
        (Kind is null || Kind == kind)
        && (Severity is null || Severity == severity)
        && (MinGrade is null || grade >= MinGrade)
        && (MaxGrade is null || grade <= MaxGrade);

    public IReadOnlyList<IReadOnlyList<string>> Chain() =>
        Levels.Select(l => (IReadOnlyList<string>)l.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
}
