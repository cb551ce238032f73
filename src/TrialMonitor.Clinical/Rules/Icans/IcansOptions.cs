namespace TrialMonitor.Clinical.Rules.Icans;

/// <summary>Thresholds of the ICANS rule; each default carries its source.</summary>
public sealed record IcansOptions
{
    /// <summary>ICE 7–9 is grade 1 (Lee 2019; PMC8403007 Table 4).</summary>
    public int IceGrade1AtOrBelow { get; init; } = 9;

    /// <summary>ICE 3–6 is grade 2 (Lee 2019).</summary>
    public int IceGrade2AtOrBelow { get; init; } = 6;

    /// <summary>ICE 0–2 is grade 3 (Lee 2019).</summary>
    public int IceGrade3AtOrBelow { get; init; } = 2;

    /// <summary>CAPD ≥ 9 is grade 3 in children (Lee 2019 via MDedge; rules.md 2.3).</summary>
    public int CapdGrade3AtOrAbove { get; init; } = 9;

    /// <summary>Children younger than 12 are assessed with CAPD, not ICE ("< 12" per the paper; rules.md 2.3, 13.9).</summary>
    public int PaediatricAgeBelowYears { get; init; } = 12;
}
