namespace TrialMonitor.Clinical.Rules.CarHematotox;

/// <summary>
/// CAR-HEMATOTOX cut-offs (Rejeski et al., Blood 2021;138:2499, PMC8893508; per-item cut-offs [S], rules.md 6).
/// Equality at a boundary is unspecified in the sources: ranges are inclusive, ANC ≥ 1200/µL and
/// Hb ≥ 9.0 g/dL score 0, CRP ≥ 3.0 mg/dL scores 1 (rules.md 6 [P]).
/// </summary>
public sealed record CarHematotoxOptions
{
    /// <summary>Platelets 75–175 ×10⁹/L → 1 point; below 75 → 2 points.</summary>
    public decimal PlateletsOnePointUpTo { get; init; } = 175m;

    public decimal PlateletsTwoPointsBelow { get; init; } = 75m;

    /// <summary>ANC below 1200/µL → 1 point.</summary>
    public decimal NeutrophilsOnePointBelowPerMicrolitre { get; init; } = 1200m;

    /// <summary>Haemoglobin below 9.0 g/dL → 1 point.</summary>
    public decimal HaemoglobinOnePointBelowGramsPerDecilitre { get; init; } = 9.0m;

    /// <summary>CRP at or above 3.0 mg/dL (30 mg/L) → 1 point.</summary>
    public decimal CrpOnePointFromMilligramsPerDecilitre { get; init; } = 3.0m;

    /// <summary>Ferritin 650–2000 ng/mL → 1 point; above 2000 → 2 points.</summary>
    public decimal FerritinOnePointFrom { get; init; } = 650m;

    public decimal FerritinTwoPointsAbove { get; init; } = 2000m;

    /// <summary>HT-high is a score of 2 or more (Rejeski 2021; european-mcl.net).</summary>
    public int HighRiskAtOrAbove { get; init; } = 2;
}
