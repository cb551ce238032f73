namespace TrialMonitor.Clinical.Rules.FebrileNeutropenia;

/// <summary>A guideline's definition of fever in neutropenia: a single high reading, or a lower one sustained.</summary>
public sealed record FeverCriteria(
    string Name,
    decimal SingleReadingCelsius,
    bool SingleReadingInclusive,
    decimal SustainedCelsius,
    bool SustainedInclusive,
    TimeSpan SustainedFor)
{
    /// <summary>IDSA (Freifeld, Clin Infect Dis 2011;52:e56): single ≥ 38.3 °C, or ≥ 38.0 °C sustained over 1 h.</summary>
    public static FeverCriteria Idsa { get; } = new("IDSA", 38.3m, true, 38.0m, true, TimeSpan.FromHours(1));

    /// <summary>ESMO (Klastersky, Ann Oncol 2016;27 suppl 5:v111): single &gt; 38.3 °C, or two consecutive readings &gt; 38.0 °C over 2 h.</summary>
    public static FeverCriteria Esmo { get; } = new("ESMO", 38.3m, false, 38.0m, false, TimeSpan.FromHours(2));

    public bool IsSingleFever(decimal celsius) => SingleReadingInclusive ? celsius >= SingleReadingCelsius : celsius > SingleReadingCelsius;

    public bool CountsTowardsSustained(decimal celsius) => SustainedInclusive ? celsius >= SustainedCelsius : celsius > SustainedCelsius;
}
