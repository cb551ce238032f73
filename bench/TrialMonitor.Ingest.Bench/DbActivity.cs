using Npgsql;

namespace TrialMonitor.Ingest.Bench;

/// <summary>
/// PostgreSQL's own counters around the measured phase (pg_stat_database, pg_stat_user_tables): how many transactions
/// the server committed, and how many rows it wrote to the observation log and to Orleans' grain state, per batch.
/// </summary>
public sealed record DbActivity(long Commits, long LogInserts, long StateWrites, long LargestStateBytes)
{
    public static async Task<DbActivity?> SnapshotAsync(string provider, string? connectionString, CancellationToken cancellationToken)
    {
        if (provider != "postgres" || connectionString is null) return null;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // The statistics collector lags by up to its flush interval; a fresh transaction snapshot reads the latest.
        await using var command = new NpgsqlCommand("""
            SELECT pg_stat_clear_snapshot();
            SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
                   COALESCE((SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'observation_log'), 0),
                   COALESCE((SELECT n_tup_ins + n_tup_upd FROM pg_stat_user_tables WHERE relname = 'orleansstorage'), 0),
                   COALESCE((SELECT MAX(octet_length(payloadbinary)) FROM orleansstorage), 0)::bigint
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new DbActivity(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }
}
