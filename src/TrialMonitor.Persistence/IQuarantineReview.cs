namespace TrialMonitor.Persistence;

/// <summary>The review states of a quarantined observation.</summary>
public static class QuarantineStatus
{
    /// <summary>Not reviewed yet (rows from before the review columns existed count as pending).</summary>
    public const string Pending = "pending";

    /// <summary>Corrected if need be and re-submitted through the ingest path, which accepted it.</summary>
    public const string Released = "released";

    /// <summary>Reviewed and dropped, with the reviewer's reason.</summary>
    public const string Discarded = "discarded";

    public static bool IsKnown(string? status) => status is Pending or Released or Discarded;
}

/// <summary>One quarantine row with its review fields. <see cref="Id"/> is the row's stable sequence number.</summary>
public sealed record QuarantineEntry(
    long Id,
    string? ObservationId,
    string? PatientId,
    string? CenterId,
    string Json,
    string Field,
    string Reason,
    DateTimeOffset ReceivedAt,
    string Status,
    string? ReviewedBy,
    DateTimeOffset? ReviewedAt,
    string? ReviewNote);

/// <summary>
/// Review of the quarantine by a data manager: list, look up, and mark a row released or discarded exactly once.
/// </summary>
public interface IQuarantineReview
{
    /// <summary>
    /// The center id under which rows without a center are listed: items rejected before their patient was known
    /// (unparseable items, unknown or unenrolled patients). Not a valid center id, so no center can collide with it.
    /// </summary>
    public const string Unassigned = "_unassigned";

    /// <summary>
    /// Rows of a center (or of <see cref="Unassigned"/>: rows without a center) with an id above
    /// <paramref name="afterId"/>, in id order; <paramref name="status"/> null for every status.
    /// </summary>
    Task<IReadOnlyList<QuarantineEntry>> ListQuarantineAsync(string centerId, string? status, long afterId, int limit, CancellationToken cancellationToken = default);

    Task<QuarantineEntry?> GetQuarantinedAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a pending row <see cref="QuarantineStatus.Released"/> or <see cref="QuarantineStatus.Discarded"/>.
    /// False when the row is unknown or no longer pending (a concurrent second review loses).
    /// </summary>
    Task<bool> MarkReviewedAsync(long id, string status, string by, string note, DateTimeOffset at, CancellationToken cancellationToken = default);
}
