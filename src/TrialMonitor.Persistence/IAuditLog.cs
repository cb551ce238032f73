namespace TrialMonitor.Persistence;

/// <summary>
/// The append-only, tamper-evident log of state-changing actions: each record carries the hash of the one before it
/// (<see cref="AuditChain"/>), so that changing, inserting or removing a row breaks the chain at that point. There is
/// no update or delete. An append is durable, and the chain consistent across processes, when the task completes.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends the entry as the next link of the chain; returns it with its sequence and hashes.</summary>
    Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> records after the given sequence, in sequence order.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Walks the whole chain from the first record and reports the first broken link, if any.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// What happened: who (<paramref name="Actor"/>, <paramref name="Roles"/> comma-separated), when, which action on
/// which target, and the state before and after as JSON (either may be absent).
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Actor,
    string Roles,
    string Action,
    string Target,
    string? BeforeJson,
    string? AfterJson);

/// <summary>An entry as stored: its gap-free <see cref="Sequence"/> (from 1), its time in UTC truncated to whole microseconds, and its links.</summary>
public sealed record AuditRecord(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string Roles,
    string Action,
    string Target,
    string? BeforeJson,
    string? AfterJson,
    string PrevHash,
    string Hash);

/// <summary>The result of walking the chain: how many records verified before the first broken link (or all of them).</summary>
public sealed record AuditVerification(long Verified, AuditBrokenLink? FirstBrokenLink)
{
    public bool Intact => FirstBrokenLink is null;
}

/// <summary>The first record whose link does not hold, and why.</summary>
public sealed record AuditBrokenLink(long Sequence, string Reason);
