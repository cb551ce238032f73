namespace TrialMonitor.Clinical.Rules.Icaht;

/// <summary>
/// ICAHT thresholds (Rejeski et al., EHA/EBMT consensus, Blood 2023;142:865), with the counting rules of
/// Liang's published implementation (rules.md 5.1–5.2). ANC in cells/µL.
/// </summary>
public sealed record IcahtOptions
{
    /// <summary>Early ICAHT covers days 0 to +30 (Rejeski 2023).</summary>
    public int EarlyLastDay { get; init; } = 30;

    /// <summary>Early ICAHT counts days with ANC ≤ 500/µL (Rejeski 2023; ≤, unlike FN's &lt;, rules.md 3.3).</summary>
    public decimal SevereAtOrBelowPerMicrolitre { get; init; } = 500m;

    /// <summary>Profound neutropenia is ANC ≤ 100/µL (Rejeski 2023).</summary>
    public decimal ProfoundAtOrBelowPerMicrolitre { get; init; } = 100m;

    /// <summary>≤ 500/µL for 7–13 days is grade 2, for ≥ 14 days grade 3 (Rejeski 2023).</summary>
    public int SevereGrade2FromDays { get; init; } = 7;

    public int SevereGrade3FromDays { get; init; } = 14;

    /// <summary>≤ 100/µL for ≥ 7 days is grade 3, for ≥ 14 days grade 4 (Rejeski 2023).</summary>
    public int ProfoundGrade3FromDays { get; init; } = 7;

    public int ProfoundGrade4FromDays { get; init; } = 14;

    /// <summary>Recovery is stable after 3 consecutive days above the threshold; shorter rises are bridged (Liang, CIBMTR logic).</summary>
    public int StableRecoveryDays { get; init; } = 3;

    /// <summary>Neutropenia starting by day 3 that never recovers is grade 4 (Rejeski 2023).</summary>
    public int NoRecoveryIfStartsByDay { get; init; } = 3;

    /// <summary>Missing days are interpolated linearly across gaps of up to 7 days (Liang; project choice, rules.md 5.1).</summary>
    public int MaxInterpolatedDays { get; init; } = 7;

    /// <summary>Late ICAHT covers days +31 to +100 (Liang's follow-up window, rules.md 5.2).</summary>
    public int LateFirstDay { get; init; } = 31;

    public int LateLastDay { get; init; } = 100;

    /// <summary>Late neutropenia must be non-transient: at least 2 days with ANC ≤ 1500/µL (rules.md 5.2).</summary>
    public int LateMinimumDays { get; init; } = 2;

    /// <summary>Late grade by nadir: ≤ 1500 → 1, ≤ 1000 → 2, ≤ 500 → 3, ≤ 100 → 4 (rules.md 5.2).</summary>
    public IReadOnlyList<decimal> LateGradeAtOrBelowPerMicrolitre { get; init; } = [1500m, 1000m, 500m, 100m];
}
