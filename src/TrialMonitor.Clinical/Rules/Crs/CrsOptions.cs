namespace TrialMonitor.Clinical.Rules.Crs;

/// <summary>Thresholds of the CRS rule; each default carries its source.</summary>
public sealed record CrsOptions
{
    /// <summary>Fever is T ≥ 38.0 °C, any site, no duration, full precision (Lee 2019 footnote 1; rules.md 1.3 R8).</summary>
    public decimal FeverAtOrAboveCelsius { get; init; } = 38.0m;

    /// <summary>Low-flow nasal cannula is ≤ 6 L/min; above is high flow (Lee 2019 footnote 4).</summary>
    public decimal LowFlowUpToLitresPerMinute { get; init; } = 6m;

    /// <summary>Hypotension is SBP &lt; 90 mmHg: an adaptation (PMC8021214); ASTCT itself gives no number (rules.md 1.1 note 7, 0.1).</summary>
    public decimal HypotensionSystolicBelow { get; init; } = 90m;

    /// <summary>An episode resolves after 24 h with no fever, vasopressor, oxygen or fluid bolus (rules.md 1.2 [P]).</summary>
    public TimeSpan ResolutionAfter { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How recent a fever-masking drug given before any fever must be to raise "possible masked CRS" (rules.md 1.3 R3 [P]).</summary>
    public TimeSpan MaskedCrsLookback { get; init; } = TimeSpan.FromHours(72);
}
