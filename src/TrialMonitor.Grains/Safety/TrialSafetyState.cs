using TrialMonitor.Contracts.Safety;

namespace TrialMonitor.Grains.Safety;

/// <summary>The trial's roster: every patient enrolled in it and when, so that a report for an earlier cut leaves later enrolments out.</summary>
[GenerateSerializer]
public sealed class TrialPatientsState
{
    [Id(0)] public Dictionary<string, DateTimeOffset> EnrolledAt { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Where each stopping rule stands on the live report, and the signals raised.</summary>
[GenerateSerializer]
public sealed class TrialSafetyState
{
    /// <summary>Endpoints whose boundary the last live evaluation found crossed.</summary>
    [Id(0)] public HashSet<string> Crossed { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Crossings so far per endpoint: numbers each signal.</summary>
    [Id(1)] public Dictionary<string, int> Crossings { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public List<SafetySignal> Signals { get; set; } = [];

    [Id(3)] public DateTimeOffset? LastEvaluatedAt { get; set; }
}
