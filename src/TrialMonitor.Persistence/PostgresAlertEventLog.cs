using Npgsql;
using NpgsqlTypes;

namespace TrialMonitor.Persistence;

/// <summary>The alert event log in PostgreSQL: an append is one <c>INSERT … unnest</c>, one round trip however many events.</summary>
public sealed class PostgresAlertEventLog(NpgsqlDataSource dataSource) : IAlertEventLog
{
    public async Task AppendAsync(string centerId, IReadOnlyList<AlertEventRecord> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(centerId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) return;
        await using var command = dataSource.CreateCommand("""
            INSERT INTO alert_event_log (center_id, seq, change_key, event_json)
            SELECT @center, e.seq, e.change_key, e.event_json
            FROM unnest(@seqs, @keys, @jsons) AS e(seq, change_key, event_json)
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("center", centerId));
        command.Parameters.Add(new NpgsqlParameter<long[]>("seqs", events.Select(e => e.Sequence).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = events.Select(e => (object?)e.ChangeKey ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]>("jsons", events.Select(e => e.EventJson).ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AlertEventRecord>> ReadAsync(string centerId, long afterSequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(centerId);
        await using var command = dataSource.CreateCommand(
            "SELECT seq, change_key, event_json FROM alert_event_log WHERE center_id = @center AND seq > @after ORDER BY seq");
        command.Parameters.Add(new NpgsqlParameter<string>("center", centerId));
        command.Parameters.Add(new NpgsqlParameter<long>("after", afterSequence));
        var events = new List<AlertEventRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            events.Add(new AlertEventRecord(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
        return events;
    }
}
