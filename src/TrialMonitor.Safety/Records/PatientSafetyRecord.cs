namespace TrialMonitor.Safety.Records;

/// <summary>A toxicity's course in one patient: first onset, the worst grade, and when its first episode resolved.</summary>
public sealed record ToxicityCourse(int MaxGrade, DateTimeOffset OnsetAt, DateTimeOffset? ResolvedAt);

/// <summary>
/// What the safety report needs to know about one infused patient as of a data cut. No patient identifier: the report
/// is built from aggregates of these only. Every time is an effective time (when it happened), never an arrival time.
/// </summary>
public sealed record PatientSafetyRecord
{
    public required string CenterId { get; init; }

    public string? Indication { get; init; }

    public string? Product { get; init; }

    public string? DoseCohort { get; init; }

    public required DateTimeOffset InfusionAt { get; init; }

    /// <summary>CRS with onset in the monitoring window: the worst grade of those episodes, the first onset, and when the first episode resolved.</summary>
    public ToxicityCourse? Crs { get; init; }

    public ToxicityCourse? Icans { get; init; }

    public DateTimeOffset? FebrileNeutropeniaAt { get; init; }

    /// <summary>IEC-HS suspected (lab pattern met); graded only once a treatment is recorded (rules.md 4.3).</summary>
    public DateTimeOffset? IecHsAt { get; init; }

    public int? IecHsGrade { get; init; }

    /// <summary>The early ICAHT grade (days 0–30, rules.md 5.1), and the day severe neutropenia began.</summary>
    public int IcahtGrade { get; init; }

    public DateTimeOffset? IcahtOnsetAt { get; init; }

    /// <summary>Reported through POST /api/v1/patients/{id}/death (an SAE draft).</summary>
    public DateTimeOffset? DiedAt { get; init; }

    /// <summary>
    /// The first event meeting the SAE criteria (rules.md 10.3 "regulatory": grade ≥ 3 CRS/ICANS, IEC-HS, grade 4 ICAHT, death),
    /// judged by the engine on the replayed data, not read from the SAE drafts (whose awareness times are wall-clock).
    /// </summary>
    public DateTimeOffset? FirstSeriousEventAt { get; init; }
}
