using Microsoft.Data.Sqlite;

namespace TrialMonitor.Persistence;

/// <summary>
/// The audit log in the embedded SQLite file. Appends are serialised in-process (SQLite has one writer) and each is
/// one immediate transaction that reads the last link and inserts the next, so the chain stays gap-free.
/// </summary>
public sealed class SqliteAuditLog(string connectionString) : IAuditLog, IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            // Not deferred (BEGIN IMMEDIATE): another process cannot read the same last link in between.
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            long lastSequence = 0;
            var prevHash = AuditChain.GenesisHash;
            await using (var last = connection.CreateCommand())
            {
                last.Transaction = transaction;
                last.CommandText = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
                await using var reader = await last.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    lastSequence = reader.GetInt64(0);
                    prevHash = reader.GetString(1);
                }
            }

            var record = AuditChain.Link(lastSequence + 1, entry, prevHash);
            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO audit_log (seq, at, actor, roles, action, target, before_json, after_json, prev_hash, hash)
                    VALUES ($seq, $at, $actor, $roles, $action, $target, $before, $after, $prev, $hash)
                    """;
                insert.Parameters.AddWithValue("$seq", record.Sequence);
                insert.Parameters.AddWithValue("$at", AuditChain.FormatAt(record.At));
                insert.Parameters.AddWithValue("$actor", record.Actor);
                insert.Parameters.AddWithValue("$roles", record.Roles);
                insert.Parameters.AddWithValue("$action", record.Action);
                insert.Parameters.AddWithValue("$target", record.Target);
                insert.Parameters.AddWithValue("$before", (object?)record.BeforeJson ?? DBNull.Value);
                insert.Parameters.AddWithValue("$after", (object?)record.AfterJson ?? DBNull.Value);
                insert.Parameters.AddWithValue("$prev", record.PrevHash);
                insert.Parameters.AddWithValue("$hash", record.Hash);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return record;
        }
        finally
        {
            _writer.Release();
        }
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

    public void Dispose() => _writer.Dispose();

    private async IAsyncEnumerable<AuditRecord> ReadFromAsync(long afterSequence, int? limit, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, at, actor, roles, action, target, before_json, after_json, prev_hash, hash
            FROM audit_log WHERE seq > $after ORDER BY seq LIMIT $limit
            """;
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$limit", limit ?? -1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditRecord(
                reader.GetInt64(0), AuditChain.ParseAt(reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetString(8), reader.GetString(9));
        }
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteConnections.OpenDurableAsync(connectionString, cancellationToken);
}
