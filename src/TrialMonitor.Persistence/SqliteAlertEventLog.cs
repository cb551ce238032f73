using Microsoft.Data.Sqlite;

namespace TrialMonitor.Persistence;

/// <summary>The alert event log in the embedded SQLite file: an append is one immediate transaction.</summary>
public sealed class SqliteAlertEventLog(string connectionString) : IAlertEventLog
{
    public async Task AppendAsync(string centerId, IReadOnlyList<AlertEventRecord> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(centerId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) return;
        await using var connection = await SqliteConnections.OpenDurableAsync(connectionString, cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO alert_event_log (center_id, seq, change_key, event_json) VALUES ($center, $seq, $key, $json)";
        insert.Parameters.AddWithValue("$center", centerId);
        var sequence = insert.Parameters.Add("$seq", SqliteType.Integer);
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var json = insert.Parameters.Add("$json", SqliteType.Text);
        foreach (var alertEvent in events)
        {
            sequence.Value = alertEvent.Sequence;
            key.Value = (object?)alertEvent.ChangeKey ?? DBNull.Value;
            json.Value = alertEvent.EventJson;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AlertEventRecord>> ReadAsync(string centerId, long afterSequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(centerId);
        await using var connection = await SqliteConnections.OpenDurableAsync(connectionString, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, change_key, event_json FROM alert_event_log WHERE center_id = $center AND seq > $after ORDER BY seq";
        command.Parameters.AddWithValue("$center", centerId);
        command.Parameters.AddWithValue("$after", afterSequence);
        var events = new List<AlertEventRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            events.Add(new AlertEventRecord(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
        return events;
    }
}
