using Npgsql;

namespace TrialMonitor.Persistence;

/// <summary>
/// The audit log in PostgreSQL. Appends from every process of a cluster are serialised by a transaction-scoped
/// advisory lock: read the last link, insert the next, commit (which releases the lock), so the chain stays gap-free.
/// </summary>
public sealed class PostgresAuditLog(NpgsqlDataSource dataSource) : IAuditLog
{
    // Any constant shared by every process appending to this database's audit log.
    private const long AdvisoryLock = 0x54_4D_41_55_44_49_54; // "TMAUDIT"

    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLock})", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        long lastSequence = 0;
        var prevHash = AuditChain.GenesisHash;
        await using (var last = new NpgsqlCommand("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", connection, transaction))
        await using (var reader = await last.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                lastSequence = reader.GetInt64(0);
                prevHash = reader.GetString(1);
            }
        }

        var record = AuditChain.Link(lastSequence + 1, entry, prevHash);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO audit_log (seq, at, actor, roles, action, target, before_json, after_json, prev_hash, hash)
            VALUES (@seq, @at, @actor, @roles, @action, @target, @before, @after, @prev, @hash)
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter<long>("seq", record.Sequence));
            insert.Parameters.Add(new NpgsqlParameter<DateTime>("at", record.At.UtcDateTime));
            insert.Parameters.Add(new NpgsqlParameter<string>("actor", record.Actor));
            insert.Parameters.Add(new NpgsqlParameter<string>("roles", record.Roles));
            insert.Parameters.Add(new NpgsqlParameter<string>("action", record.Action));
            insert.Parameters.Add(new NpgsqlParameter<string>("target", record.Target));
            insert.Parameters.Add(new NpgsqlParameter("before", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)record.BeforeJson ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter("after", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)record.AfterJson ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter<string>("prev", record.PrevHash));
            insert.Parameters.Add(new NpgsqlParameter<string>("hash", record.Hash));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return record;
    }

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
        await using var command = dataSource.CreateCommand("""
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
}
