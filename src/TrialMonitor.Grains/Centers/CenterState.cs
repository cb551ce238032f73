using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Notifications;

namespace TrialMonitor.Grains.Centers;

[GenerateSerializer]
public sealed class CenterState
{
    [Id(0)] public string? TrialId { get; set; }

    /// <summary>Before the alert event log: the sequence of the last event. No longer written; the log numbers the events.</summary>
    [Id(1)] public long LastSequence { get; set; }

    /// <summary>
    /// Before the alert event log (<c>IAlertEventLog</c>) every event was kept here and the whole list rewritten with
    /// each new one. A state from then still has them: activation moves them to the log and empties this list.
    /// </summary>
    [Id(2)] public List<Alert> Events { get; set; } = [];

    /// <summary>Before the alert event log: keys of the alert changes recorded then. Kept (no longer added to), so that a resend of one of them is still recorded once; the log keeps the keys since.</summary>
    [Id(3)] public HashSet<string> RecordedKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every acknowledge and resolve attempt, accepted or refused (the audit of who tried what).</summary>
    [Id(4)] public List<AlertAttempt> Attempts { get; set; } = [];

    /// <summary>
    /// Pages of events up to this sequence were taken by every channel. Saved after the events are published, so a
    /// crash in between re-delivers those pages (at least once; channels know them by notification id), never none.
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
