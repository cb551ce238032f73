using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace TrialMonitor.Persistence;

/// <summary>
/// The audit log in PostgreSQL. Appends from every process of a cluster are serialised by a transaction-scoped
/// advisory lock: read the last link, insert the next, commit (which releases the lock), so the chain stays gap-free.
/// </summary>
/// <remarks>
/// Group commit: appends that arrive while this process's transaction is in flight go together in the next one (one
/// lock, one read of the last link, one multi-row insert, one commit). Every write request appends a row, and the
/// chain admits one transaction at a time, so one commit per request capped this server's requests per second at
/// what one commit takes (bench/README.md). Each caller's task still completes only once its row has committed; when
/// a shared transaction fails, its entries are retried one transaction each, so only those that fail alone fail.
/// </remarks>
public sealed class PostgresAuditLog : IAuditLog, IAsyncDisposable
{
    // Any constant shared by every process appending to this database's audit log.
    private const long AdvisoryLock = 0x54_4D_41_55_44_49_54; // "TMAUDIT"

    // Bounds one transaction's statement (each row holds up to 64 KiB of response body).
    private const int MaxEntriesPerTransaction = 256;

    private readonly NpgsqlDataSource _dataSource;
    private readonly Channel<PendingEntry> _queue = Channel.CreateUnbounded<PendingEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public PostgresAuditLog(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _writer = Task.Run(WriteAsync);
    }

    /// <remarks>A caller that stops waiting (<paramref name="cancellationToken"/>) does not take its row back out of the next transaction.</remarks>
    public Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var pending = new PendingEntry(entry, new TaskCompletionSource<AuditRecord>(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        var group = new List<PendingEntry>(MaxEntriesPerTransaction);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (group.Count < MaxEntriesPerTransaction && reader.TryRead(out var pending)) group.Add(pending);
            try
            {
                var records = await AppendGroupAsync(group).ConfigureAwait(false);
                for (var i = 0; i < group.Count; i++) group[i].Completion.TrySetResult(records[i]);
            }
            catch (Exception) when (group.Count > 1)
            {
                // One at a time, so that an entry the database refuses fails alone rather than with its neighbours.
                foreach (var pending in group) await AppendAloneAsync(pending).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                group[0].Completion.TrySetException(exception);
            }

            group.Clear();
        }
    }

    private async Task AppendAloneAsync(PendingEntry pending)
    {
        try
        {
            pending.Completion.TrySetResult((await AppendGroupAsync([pending]).ConfigureAwait(false))[0]);
        }
        catch (Exception exception)
        {
            pending.Completion.TrySetException(exception);
        }
    }

    private async Task<AuditRecord[]> AppendGroupAsync(List<PendingEntry> group)
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLock})", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync().ConfigureAwait(false);

        long lastSequence = 0;
        var prevHash = AuditChain.GenesisHash;
        await using (var last = new NpgsqlCommand("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", connection, transaction))
        await using (var reader = await last.ExecuteReaderAsync().ConfigureAwait(false))
        {
            if (await reader.ReadAsync().ConfigureAwait(false))
            {
                lastSequence = reader.GetInt64(0);
                prevHash = reader.GetString(1);
            }
        }

        var records = new AuditRecord[group.Count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = AuditChain.Link(lastSequence + 1 + i, group[i].Entry, prevHash);
            prevHash = records[i].Hash;
        }

        await using (var insert = new NpgsqlCommand("""
            INSERT INTO audit_log (seq, at, actor, roles, action, target, before_json, after_json, prev_hash, hash)
            SELECT * FROM unnest(@seq, @at, @actor, @roles, @action, @target, @before, @after, @prev, @hash)
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<long[]>("seq", records.Select(r => r.Sequence).ToArray()));
            insert.Parameters.Add(new NpgsqlParameter<DateTime[]>("at", records.Select(r => r.At.UtcDateTime).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            insert.Parameters.Add(Texts("actor", records.Select(r => r.Actor)));
            insert.Parameters.Add(Texts("roles", records.Select(r => r.Roles)));
            insert.Parameters.Add(Texts("action", records.Select(r => r.Action)));
            insert.Parameters.Add(Texts("target", records.Select(r => r.Target)));
            insert.Parameters.Add(Texts("before", records.Select(r => r.BeforeJson)));
            insert.Parameters.Add(Texts("after", records.Select(r => r.AfterJson)));
            insert.Parameters.Add(Texts("prev", records.Select(r => r.PrevHash)));
            insert.Parameters.Add(Texts("hash", records.Select(r => r.Hash)));
            await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return records;
    }

    private static NpgsqlParameter Texts(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var records = new List<AuditRecord>();
        await foreach (var record in ReadFromAsync(afterSequence, limit, cancellationToken).ConfigureAwait(false)) records.Add(record);
        return records;
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default) =>
        AuditChain.VerifyAsync(ReadFromAsync(0, null, cancellationToken), cancellationToken);

    private async IAsyncEnumerable<AuditRecord> ReadFromAsync(long afterSequence, int? limit, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT seq, at, actor, roles, action, target, before_json, after_json, prev_hash, hash
            FROM audit_log WHERE seq > @after ORDER BY seq LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("after", afterSequence));
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = limit is { } l ? l : DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditRecord(
                reader.GetInt64(0), new DateTimeOffset(reader.GetFieldValue<DateTime>(1), TimeSpan.Zero), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetString(8), reader.GetString(9));
        }
    }

    private sealed record PendingEntry(AuditEntry Entry, TaskCompletionSource<AuditRecord> Completion);
}
