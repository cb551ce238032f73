namespace TrialMonitor.Persistence;

/// <summary>
/// Each center's alert events, append-only and numbered without gaps from 1 (api.md "Alerts"). Kept as rows rather
/// than in the center's grain state so that recording an alert writes that alert, not the center's whole history.
/// </summary>
/// <remarks>
/// The center grain gives the sequences; the store keeps them unique per center, so a second activation of the same
/// center (a silo presumed dead that was not) fails to append the sequence the first one took, instead of forking
/// the log.
/// </remarks>
public interface IAlertEventLog
{
    /// <summary>Appends the events in one transaction: all or none. A sequence the center already has fails the whole append.</summary>
    Task AppendAsync(string centerId, IReadOnlyList<AlertEventRecord> events, CancellationToken cancellationToken = default);

    /// <summary>The center's events after the given sequence, in sequence order.</summary>
    Task<IReadOnlyList<AlertEventRecord>> ReadAsync(string centerId, long afterSequence, CancellationToken cancellationToken = default);
}

/// <summary>
/// One alert event as stored: its sequence, the key of the alert change that recorded it (so that a resent change is
/// recorded once; null for events a person or a timer caused) and the event as JSON.
/// </summary>
public sealed record AlertEventRecord(long Sequence, string? ChangeKey, string EventJson);
