namespace TrialMonitor.Clinical.Observations;

/// <summary>Limits on when an observation may say it happened. Both are engineering proposals [P].</summary>
public sealed record NormalisationOptions
{
    /// <summary>How far ahead of its arrival an observation may be timed before the sender's clock is presumed wrong [P].</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long before infusion an observation may be timed (baseline labs are drawn from about day −14) [P].</summary>
    public TimeSpan MaxTimeBeforeInfusion { get; init; } = TimeSpan.FromDays(60);

    public static NormalisationOptions Default { get; } = new();
}
