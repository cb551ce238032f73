namespace TrialMonitor.Clinical.Rules.News2;

/// <summary>One row segment of the NEWS2 chart: values from <see cref="From"/> to <see cref="To"/> inclusive score <see cref="Points"/>.</summary>
public sealed record ScoreBand(decimal? From, decimal? To, int Points)
{
    public bool Contains(decimal value) => (From is null || value >= From) && (To is null || value <= To);
}

/// <summary>
/// The NEWS2 scoring chart (Royal College of Physicians, 2017, chart 1; rules.md 8.1). Values are rounded
/// half-up before lookup: temperature to 0.1 °C, the others to whole numbers (rules.md 8.3 [P]).
/// </summary>
public sealed record News2Chart
{
    public IReadOnlyList<ScoreBand> RespirationRate { get; init; } =
        [new(null, 8, 3), new(9, 11, 1), new(12, 20, 0), new(21, 24, 2), new(25, null, 3)];

    public IReadOnlyList<ScoreBand> SpO2Scale1 { get; init; } =
        [new(null, 91, 3), new(92, 93, 2), new(94, 95, 1), new(96, null, 0)];

    /// <summary>Scale 2 for patients on air: 88 % and above scores 0.</summary>
    public IReadOnlyList<ScoreBand> SpO2Scale2OnAir { get; init; } =
        [new(null, 83, 3), new(84, 85, 2), new(86, 87, 1), new(88, null, 0)];

    /// <summary>Scale 2 on oxygen: above the 88–92 % target scores again.</summary>
    public IReadOnlyList<ScoreBand> SpO2Scale2OnOxygen { get; init; } =
        [new(null, 83, 3), new(84, 85, 2), new(86, 87, 1), new(88, 92, 0), new(93, 94, 1), new(95, 96, 2), new(97, null, 3)];

    public int SupplementalOxygenPoints { get; init; } = 2;

    public IReadOnlyList<ScoreBand> SystolicBloodPressure { get; init; } =
        [new(null, 90, 3), new(91, 100, 2), new(101, 110, 1), new(111, 219, 0), new(220, null, 3)];

    public IReadOnlyList<ScoreBand> Pulse { get; init; } =
        [new(null, 40, 3), new(41, 50, 1), new(51, 90, 0), new(91, 110, 1), new(111, 130, 2), new(131, null, 3)];

    /// <summary>New confusion, voice, pain or unresponsive all score 3.</summary>
    public int NotAlertPoints { get; init; } = 3;

    public IReadOnlyList<ScoreBand> Temperature { get; init; } =
        [new(null, 35.0m, 3), new(35.1m, 36.0m, 1), new(36.1m, 38.0m, 0), new(38.1m, 39.0m, 1), new(39.1m, null, 2)];

    public static int Lookup(IReadOnlyList<ScoreBand> bands, decimal value)
    {
        ArgumentNullException.ThrowIfNull(bands);
        foreach (var band in bands)
        {
            if (band.Contains(value)) return band.Points;
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, "the NEWS2 chart has no band for this value");
    }
}

/// <summary>NEWS2 thresholds and chart; defaults from the RCP 2017 chart and response table (rules.md 8.1–8.2).</summary>
public sealed record News2Options
{
    public News2Chart Chart { get; init; } = new();

    /// <summary>Aggregate 5–6 is the "key threshold": urgent review (RCP 2017).</summary>
    public int MediumAtOrAbove { get; init; } = 5;

    /// <summary>Aggregate ≥ 7: emergency assessment (RCP 2017).</summary>
    public int HighAtOrAbove { get; init; } = 7;

    /// <summary>A single parameter scoring 3 asks for an urgent ward-based response (RCP 2017).</summary>
    public int RedParameterPoints { get; init; } = 3;
}
