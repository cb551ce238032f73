using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Notifications;

namespace TrialMonitor.Grains.Centers;

[GenerateSerializer]
public sealed class CenterState
{
    [Id(0)] public string? TrialId { get; set; }

    /// <summary>The sequence of the last alert event; the next is one more (gap-free per center, api.md).</summary>
    [Id(1)] public long LastSequence { get; set; }

    /// <summary>Every alert event in sequence order, for replay after a reconnect.</summary>
    [Id(2)] public List<Alert> Events { get; set; } = [];

    /// <summary>Keys of the alert changes already recorded, so a replayed change is recorded once.</summary>
    [Id(3)] public HashSet<string> RecordedKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every acknowledge and resolve attempt, accepted or refused (the audit of who tried what).</summary>
    [Id(4)] public List<AlertAttempt> Attempts { get; set; } = [];

    /// <summary>
    /// Pages of events up to this sequence were taken by every channel. Saved with the next write, not on its own: a
    /// crash before it re-delivers a few pages (at least once; channels know them by notification id), never none.
    /// </summary>
    [Id(5)] public long NotifiedThroughSequence { get; set; }
}

/// <summary>The center's on-call schedule: who holds each role when.</summary>
[GenerateSerializer]
public sealed class CenterOnCallState
{
    [Id(0)] public List<OnCallShift> Shifts { get; set; } = [];
}

/// <summary>
/// The center's patient rows: a cache the patients refresh with every batch, kept apart from the alert log so that
/// recording an alert does not rewrite every patient's row.
/// </summary>
[GenerateSerializer]
public sealed class CenterPatientsState
{
    [Id(0)] public Dictionary<string, PatientSummary> Patients { get; set; } = new(StringComparer.Ordinal);
}
