namespace TrialMonitor.Simulation.Generation;

/// <summary>What treats the hypotension or hypoxia of a CRS episode, and so sets its ASTCT grade.</summary>
internal enum CrsSupport
{
    /// <summary>Fever alone: grade 1.</summary>
    None,

    /// <summary>Hypotension that responds to a fluid bolus: grade 2.</summary>
    FluidBolus,

    /// <summary>Nasal cannula ≤ 6 L/min: grade 2.</summary>
    LowFlowOxygen,

    /// <summary>One vasopressor after a bolus: grade 3.</summary>
    Vasopressor,

    /// <summary>High-flow nasal cannula: grade 3.</summary>
    HighFlowOxygen,
}

/// <summary>The oxygen a patient receives at one round.</summary>
internal readonly record struct OxygenState(string Device, decimal? FlowLitresPerMinute, decimal? FiO2Percent)
{
    public static OxygenState RoomAir { get; } = new(Coded.RoomAir, null, null);
}

/// <summary>
/// One CRS episode, in hours from infusion. The fever starts exactly at the round of <see cref="OnsetHour"/>;
/// support starts at <see cref="SupportHour"/>, inside the fever, and ends at <see cref="SupportEndHour"/>.
/// </summary>
internal sealed record CrsPlan(
    int Grade,
    int OnsetHour,
    int FeverEndHour,
    double PeakCelsius,
    CrsSupport Support,
    int SupportHour,
    int SupportEndHour,
    int HighFlowEndHour,
    decimal LowFlow,
    decimal HighFlow,
    decimal HighFlowFiO2,
    int? TocilizumabHour,
    bool Dexamethasone)
{
    public bool FebrileAt(int hour) => hour >= OnsetHour && hour < FeverEndHour;

    public OxygenState OxygenAt(int hour) => Support switch
    {
        CrsSupport.LowFlowOxygen when hour > SupportHour && hour < SupportEndHour => new(Coded.NasalCannula, LowFlow, null),
        CrsSupport.HighFlowOxygen when hour == SupportHour + 1 => new(Coded.NasalCannula, 4m, null),
        CrsSupport.HighFlowOxygen when hour >= SupportHour + 2 && hour < HighFlowEndHour => new(Coded.HighFlowNasalCannula, HighFlow, HighFlowFiO2),
        CrsSupport.HighFlowOxygen when hour >= HighFlowEndHour && hour < SupportEndHour => new(Coded.NasalCannula, 2m, null),
        _ => OxygenState.RoomAir,
    };

    /// <summary>The SpO2 range at a round where hypoxia shapes it, or null for the patient's usual saturation.</summary>
    public (int Min, int Max)? SpO2At(int hour) => Support switch
    {
        CrsSupport.LowFlowOxygen when hour == SupportHour => (89, 92),
        CrsSupport.LowFlowOxygen when hour > SupportHour && hour < SupportEndHour => (93, 97),
        CrsSupport.HighFlowOxygen when hour == SupportHour => (86, 90),
        CrsSupport.HighFlowOxygen when hour == SupportHour + 1 => (89, 92),
        CrsSupport.HighFlowOxygen when hour >= SupportHour + 2 && hour < SupportEndHour => (92, 96),
        _ => null,
    };

    /// <summary>The systolic range at a round where hypotension or a vasopressor shapes it, or null.</summary>
    public (int Min, int Max)? SystolicAt(int hour) => Support switch
    {
        CrsSupport.FluidBolus when hour == SupportHour => (80, 88),
        CrsSupport.FluidBolus when hour == SupportHour + 1 => (86, 95),
        CrsSupport.Vasopressor when hour == SupportHour => (74, 84),
        CrsSupport.Vasopressor when hour == SupportHour + 1 => (77, 86),
        CrsSupport.Vasopressor when hour >= SupportHour + 2 && hour < SupportEndHour => (92, 108),
        _ => null,
    };

    public bool HypoxicAt(int hour) => SpO2At(hour) is not null;

    public bool HypotensiveAt(int hour) => SystolicAt(hour) is { Min: < 90 };
}
