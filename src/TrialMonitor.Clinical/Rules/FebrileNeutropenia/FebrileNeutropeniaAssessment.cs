using TrialMonitor.Clinical.Readings;

namespace TrialMonitor.Clinical.Rules.FebrileNeutropenia;

public enum NeutropeniaArm
{
    None,
    /// <summary>ANC below 500/µL.</summary>
    Measured,
    /// <summary>ANC below 1000/µL and falling within the nadir window: "FN (anticipated neutropenia)" (rules.md 3.3).</summary>
    Anticipated,
}

public sealed record FebrileNeutropeniaAssessment
{
    /// <summary>Met at the moment assessed: a fever in the last 24 h and a qualifying ANC in the last 48 h.</summary>
    public bool Active { get; init; }

    /// <summary>Met at any time since infusion.</summary>
    public bool Met { get; init; }

    public DateTimeOffset? FirstMetAt { get; init; }

    public NeutropeniaArm Arm { get; init; }

    /// <summary>"IDSA" or "ESMO".</summary>
    public string Definition { get; init; } = "IDSA";

    /// <summary>A single reading ≥ 38.0 °C that is not yet a fever by the definition: re-check by this time (rules.md 3.3).</summary>
    public DateTimeOffset? TemperatureRecheckDueBy { get; init; }

    /// <summary>The latest axillary reading was 37.5–37.9 °C: clinician review, no offset applied (rules.md 3.3).</summary>
    public bool AxillaryReadingNeedsReview { get; init; }

    public IReadOnlyList<Reading> Readings { get; init; } = [];

    public IReadOnlyList<Reading> FirstMetReadings { get; init; } = [];

    public string Reason => ReadingText.Compose(Readings) + (Arm == NeutropeniaArm.Anticipated ? " (anticipated neutropenia)" : "");
}

/// <summary>qSOFA (Sepsis-3): an extra flag during febrile episodes that never downgrades anything (rules.md 3.4).</summary>
public sealed record QsofaAssessment
{
    public int Score { get; init; }

    /// <summary>How many of the three criteria had a reading to judge.</summary>
    public int CriteriaAssessed { get; init; }

    public bool Febrile { get; init; }

    public bool Flag { get; init; }

    public IReadOnlyList<Reading> Readings { get; init; } = [];

    public string Reason => ReadingText.Compose(Readings);
}
