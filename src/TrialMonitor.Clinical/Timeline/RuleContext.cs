namespace TrialMonitor.Clinical.Timeline;

/// <summary>What every rule needs besides the observations: the patient and the trial's thresholds.</summary>
internal sealed class RuleContext(PatientProfile profile, ClinicalRulesOptions options)
{
    public PatientProfile Profile { get; } = profile;

    public ClinicalRulesOptions Options { get; } = options;

    public long InfusionTicks { get; } = profile.InfusionAt.UtcTicks;

    /// <summary>Children under the paediatric age are assessed with CAPD instead of ICE (rules.md 2.3).</summary>
    public bool IsChild { get; } = profile.AgeYears < options.Icans.PaediatricAgeBelowYears;

    public int DayOf(long ticks) => (int)Math.Floor((double)(ticks - InfusionTicks) / TimeSpan.TicksPerDay);
}

internal static class Ticks
{
    public const long Never = long.MinValue;

    public static DateTimeOffset ToTime(long ticks) => new(ticks, TimeSpan.Zero);

    public static DateTimeOffset? ToTimeOrNull(long ticks) => ticks == Never ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
