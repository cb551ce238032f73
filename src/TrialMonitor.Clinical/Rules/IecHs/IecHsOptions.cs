namespace TrialMonitor.Clinical.Rules.IecHs;

/// <summary>
/// IEC-HS thresholds (Hines et al., Transplant Cell Ther 2023;29:438). The criteria are recalled from the
/// paper [M] and must be verified before clinical use (rules.md 4, 13.4).
/// </summary>
public sealed record IecHsOptions
{
    /// <summary>Ferritin at least 2 × baseline (value at infusion), or 2 × ULN without a baseline, and rising (rules.md 4.2 [M], 4.3 [P]).</summary>
    public decimal FerritinRiseFactor { get; init; } = 2m;

    /// <summary>Ferritin ULN, used only when no value at infusion exists; set to the center's laboratory range [P].</summary>
    public decimal FerritinUpperLimitOfNormal { get; init; } = 400m;

    /// <summary>Transaminases &gt; 5 × ULN, or &gt; 5 × baseline when baseline was abnormal (rules.md 4.2 [M]).</summary>
    public decimal TransaminaseFactor { get; init; } = 5m;

    /// <summary>ALT ULN in U/L; 45 as in rules.md 12.1 S8; set to the center's laboratory range [P].</summary>
    public decimal AltUpperLimitOfNormal { get; init; } = 45m;

    /// <summary>AST ULN in U/L; a common adult range; set to the center's laboratory range [P].</summary>
    public decimal AstUpperLimitOfNormal { get; init; } = 40m;

    /// <summary>Hypofibrinogenaemia &lt; 150 mg/dL = 1.5 g/L (rules.md 4.2 [M]).</summary>
    public decimal FibrinogenBelowGramsPerLitre { get; init; } = 1.5m;

    /// <summary>New or worsening cytopenia: platelets fallen to half the value at infusion or less (rules.md 4.3 [P]).</summary>
    public decimal PlateletFallToFraction { get; init; } = 0.5m;
}
