using TrialMonitor.Clinical.Alerts;

namespace TrialMonitor.Grains.Safety;

/// <summary>When the live stopping rules are evaluated and who a crossing is sent to.</summary>
public sealed record SafetySignalOptions
{
    /// <summary>
    /// The live report is evaluated at most this often, from the per-minute check loop: the DSMB works on a timescale of
    /// days (rules.md 10.3 "per charter"), and a full report fans out to every patient of the trial.
    /// </summary>
    public TimeSpan CheckEvery { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A cut this far in the past is settled (an observation received before it has been logged) and its records are cached;
    /// later cuts are recomputed each time.
    /// </summary>
    public TimeSpan SettledAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>"Cross-patient rate above reference → DSMB / safety review committee" (rules.md 10.3), and the sponsor's medical monitor (issue 7).</summary>
    public IReadOnlyList<string> NotifyRoles { get; init; } = [AlertRoles.SafetyBoard, AlertRoles.SponsorMedicalMonitor];

    /// <summary>A crossing asks people to act, though not at the bedside.</summary>
    public string Severity { get; init; } = AlertSeverities.Urgent;

    public static SafetySignalOptions Default { get; } = new();
}
