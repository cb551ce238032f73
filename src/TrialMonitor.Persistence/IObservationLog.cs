namespace TrialMonitor.Persistence;

/// <summary>
/// The append-only log of accepted observations, unique on the sender's id, and the quarantine of rejected ones.
/// Both are durable when the returned task completes.
/// </summary>
public interface IObservationLog
{
    /// <summary>
    /// Appends the rows in one transaction. Returns, per row, its sequence number, or null when a row with the same
    /// id was logged before (a duplicate: the earlier row stands, even if this one differs).
    /// </summary>
    Task<IReadOnlyList<long?>> AppendAsync(IReadOnlyList<LoggedObservation> rows, CancellationToken cancellationToken = default);

    /// <summary>Every logged observation of a patient, in log order.</summary>
    Task<IReadOnlyList<LoggedObservation>> ReadPatientAsync(string patientId, CancellationToken cancellationToken = default);

    Task QuarantineAsync(IReadOnlyList<QuarantinedObservation> rows, CancellationToken cancellationToken = default);

    Task<long> CountQuarantinedAsync(CancellationToken cancellationToken = default);
}
