using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Notifications;

namespace TrialMonitor.Contracts.Centers;

/// <summary>One hospital of a trial: its alert event log (gap-free sequence), census and current grades.</summary>
public interface ICenterGrain : IGrainWithStringKey
{
    Task RegisterAsync(string trialId);

    /// <summary>Records the changes durably with new sequence numbers, publishes them, and returns the events recorded (none for keys seen before).</summary>
    Task<IReadOnlyList<Alert>> RecordAsync(string trialId, IReadOnlyList<AlertChange> changes);

    Task<IReadOnlyList<Alert>> GetEventsAfterAsync(long afterSequence);

    /// <summary>The current state of each alert, optionally only those with <paramref name="status"/>, changed after <paramref name="afterSequence"/>.</summary>
    Task<IReadOnlyList<Alert>> GetAlertsAsync(string? status, long afterSequence);

    /// <summary>Null when no such alert; otherwise the alert after the transition (unchanged if the transition is not allowed).</summary>
    Task<AlertTransitionResult> TransitionAsync(string alertId, string toStatus, string by, string? note, bool? actionable);

    /// <summary>Alert quality per kind at this center, from its alert log.</summary>
    Task<IReadOnlyList<AlertQuality>> GetAlertQualityAsync();

    /// <summary>Every attempt to acknowledge or resolve the alert, accepted or refused, in order.</summary>
    Task<IReadOnlyList<AlertAttempt>> GetAttemptsAsync(string alertId);

    /// <summary>One-way: a patient's batch does not wait on its center's census, which is a cache.</summary>
    [Orleans.Concurrency.OneWay]
    Task UpdatePatientAsync(PatientSummary summary);

    Task<CenterSummary> GetSummaryAsync();

    /// <summary>
    /// Asks every patient in days 0–14 whose last vital sign is older than allowed (rules.md 10.2), and every patient
    /// with an alert not yet resolved, to judge their alerts at the current time; escalates and confirms what is due
    /// and re-delivers pages a crash left undelivered. Called every minute by every server, so idempotent.
    /// </summary>
    Task CheckAsync();

    /// <summary>Replaces the center's on-call schedule (who holds each role when).</summary>
    Task SetOnCallAsync(IReadOnlyList<OnCallShift> shifts);

    Task<IReadOnlyList<OnCallShift>> GetOnCallAsync();
}

[GenerateSerializer, Immutable]
/// <param name="Before">The alert as it was when the transition was asked for, for the audit's "before".</param>
public sealed record AlertTransitionResult([property: Id(0)] bool Found, [property: Id(1)] bool Changed, [property: Id(2)] Alert? Alert, [property: Id(3)] string? Detail, [property: Id(4)] Alert? Before = null);
