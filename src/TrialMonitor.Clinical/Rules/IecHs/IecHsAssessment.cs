using TrialMonitor.Clinical.Readings;

namespace TrialMonitor.Clinical.Rules.IecHs;

public sealed record IecHsAssessment
{
    /// <summary>The lab pattern has been met since infusion: "IEC-HS suspected" (rules.md 4.3 [P]).</summary>
    public bool Suspected { get; init; }

    public DateTimeOffset? SuspectedAt { get; init; }

    /// <summary>Whether the lab pattern holds on the latest values.</summary>
    public bool CriteriaMetNow { get; init; }

    /// <summary>Intervention-based grade 2–4; null while no treatment is recorded: the grade is not computable from labs alone (rules.md 4.3).</summary>
    public int? Grade { get; init; }

    /// <summary>The criteria are recalled from the paper, not verified against it (rules.md 13.4).</summary>
    public bool CriteriaVerified { get; init; }

    public IReadOnlyList<Reading> Readings { get; init; } = [];

    public IReadOnlyList<Reading> TreatmentReadings { get; init; } = [];

    public string Reason => ReadingText.Compose(Readings.Concat(TreatmentReadings));
}
