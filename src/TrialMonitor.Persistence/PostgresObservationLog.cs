using Npgsql;
using NpgsqlTypes;

namespace TrialMonitor.Persistence;

/// <summary>The observation log in PostgreSQL: one round trip per append (unnest of arrays), unique on the sender's id.</summary>
public sealed class PostgresObservationLog(NpgsqlDataSource dataSource) : IObservationLog
{
    public async Task<IReadOnlyList<long?>> AppendAsync(IReadOnlyList<LoggedObservation> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sequences = new long?[rows.Count];
        if (rows.Count == 0) return sequences;

        await using var command = dataSource.CreateCommand("""
            INSERT INTO observation_log (observation_id, patient_id, code, value_json, unit, effective_at, effective_offset_minutes, received_at)
            SELECT * FROM unnest(@ids, @patients, @codes, @values, @units, @effective, @offsets, @received)
            ON CONFLICT (observation_id) DO NOTHING
            RETURNING observation_id, seq
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", rows.Select(r => r.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("patients", rows.Select(r => r.PatientId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("codes", rows.Select(r => r.Code).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("values", rows.Select(r => r.ValueJson).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("units", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => (object?)r.Unit ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("effective", rows.Select(r => r.EffectiveAt.UtcDateTime).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<short[]>("offsets", rows.Select(r => (short)r.EffectiveAt.Offset.TotalMinutes).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("received", rows.Select(r => r.ReceivedAt.UtcDateTime).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });

        // A batch may repeat an id: the first occurrence is the one logged.
        var firstIndex = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++) firstIndex.TryAdd(rows[i].Id, i);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            sequences[firstIndex[reader.GetString(0)]] = reader.GetInt64(1);
        return sequences;
    }

    public async Task<IReadOnlyList<LoggedObservation>> ReadPatientAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT observation_id, patient_id, code, value_json, unit, effective_at, effective_offset_minutes, received_at, seq
            FROM observation_log WHERE patient_id = @patient ORDER BY seq
            """);
        command.Parameters.AddWithValue("patient", patientId);
        var rows = new List<LoggedObservation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var offset = TimeSpan.FromMinutes(reader.GetInt16(6));
            var effective = new DateTimeOffset(reader.GetFieldValue<DateTime>(5), TimeSpan.Zero).ToOffset(offset);
            rows.Add(new LoggedObservation(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                effective, new DateTimeOffset(reader.GetFieldValue<DateTime>(7), TimeSpan.Zero), reader.GetInt64(8)));
        }

        return rows;
    }

    public async Task QuarantineAsync(IReadOnlyList<QuarantinedObservation> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return;
        await using var command = dataSource.CreateCommand("""
            INSERT INTO observation_quarantine (observation_id, patient_id, center_id, body_json, field, reason, received_at)
            SELECT * FROM unnest(@ids, @patients, @centers, @bodies, @fields, @reasons, @received)
            """);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => (object?)r.Id ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("patients", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => (object?)r.PatientId ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("centers", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => (object?)r.CenterId ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]>("bodies", rows.Select(r => r.Json).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("fields", rows.Select(r => r.Field).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("reasons", rows.Select(r => r.Reason).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("received", rows.Select(r => r.ReceivedAt.UtcDateTime).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CountQuarantinedAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT COUNT(*) FROM observation_quarantine");
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
