using System.Globalization;
using Microsoft.Data.Sqlite;

namespace TrialMonitor.Persistence;

/// <summary>
/// The observation log in the embedded SQLite file. SQLite has one writer at a time, so appends are serialised
/// here rather than left to contend for the file lock; each append is one transaction, synchronous=FULL.
/// </summary>
public sealed class SqliteObservationLog(string connectionString) : IObservationLog, IQuarantineReview, IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public async Task<IReadOnlyList<long?>> AppendAsync(IReadOnlyList<LoggedObservation> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sequences = new long?[rows.Count];
        if (rows.Count == 0) return sequences;

        await WriteAsync(async (connection, transaction) =>
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO observation_log (observation_id, patient_id, code, value_json, unit, effective_at, received_at)
                VALUES ($id, $patient, $code, $value, $unit, $effective, $received)
                ON CONFLICT (observation_id) DO NOTHING
                RETURNING seq
                """;
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var patient = insert.Parameters.Add("$patient", SqliteType.Text);
            var code = insert.Parameters.Add("$code", SqliteType.Text);
            var value = insert.Parameters.Add("$value", SqliteType.Text);
            var unit = insert.Parameters.Add("$unit", SqliteType.Text);
            var effective = insert.Parameters.Add("$effective", SqliteType.Text);
            var received = insert.Parameters.Add("$received", SqliteType.Text);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                id.Value = row.Id;
                patient.Value = row.PatientId;
                code.Value = row.Code;
                value.Value = row.ValueJson;
                unit.Value = (object?)row.Unit ?? DBNull.Value;
                effective.Value = Format(row.EffectiveAt);
                received.Value = Format(row.ReceivedAt);
                var result = await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                sequences[i] = result is long seq ? seq : null;
            }
        }, cancellationToken).ConfigureAwait(false);

        return sequences;
    }

    public async Task<IReadOnlyList<LoggedObservation>> ReadPatientAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT observation_id, patient_id, code, value_json, unit, effective_at, received_at, seq
            FROM observation_log WHERE patient_id = $patient ORDER BY seq
            """;
        command.Parameters.AddWithValue("$patient", patientId);
        var rows = new List<LoggedObservation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new LoggedObservation(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                Parse(reader.GetString(5)), Parse(reader.GetString(6)), reader.GetInt64(7)));
        }

        return rows;
    }

    public async Task QuarantineAsync(IReadOnlyList<QuarantinedObservation> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return;
        await WriteAsync(async (connection, transaction) =>
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO observation_quarantine (observation_id, patient_id, center_id, body_json, field, reason, received_at)
                VALUES ($id, $patient, $center, $body, $field, $reason, $received)
                """;
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var patient = insert.Parameters.Add("$patient", SqliteType.Text);
            var center = insert.Parameters.Add("$center", SqliteType.Text);
            var body = insert.Parameters.Add("$body", SqliteType.Text);
            var field = insert.Parameters.Add("$field", SqliteType.Text);
            var reason = insert.Parameters.Add("$reason", SqliteType.Text);
            var received = insert.Parameters.Add("$received", SqliteType.Text);
            foreach (var row in rows)
            {
                id.Value = (object?)row.Id ?? DBNull.Value;
                patient.Value = (object?)row.PatientId ?? DBNull.Value;
                center.Value = (object?)row.CenterId ?? DBNull.Value;
                body.Value = row.Json;
                field.Value = row.Field;
                reason.Value = row.Reason;
                received.Value = Format(row.ReceivedAt);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CountQuarantinedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM observation_quarantine";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private const string QuarantineColumns = """
        seq, observation_id, patient_id, center_id, body_json, field, reason, received_at,
        COALESCE(status, 'pending'), reviewed_by, reviewed_at, review_note
        """;

    public async Task<IReadOnlyList<QuarantineEntry>> ListQuarantineAsync(string centerId, string? status, long afterId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(centerId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {QuarantineColumns} FROM observation_quarantine
            WHERE center_id IS $center
              AND ($status IS NULL OR COALESCE(status, 'pending') = $status)
              AND seq > $after
            ORDER BY seq LIMIT $limit
            """;
        command.Parameters.AddWithValue("$center", centerId == IQuarantineReview.Unassigned ? DBNull.Value : centerId);
        command.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
        command.Parameters.AddWithValue("$after", afterId);
        command.Parameters.AddWithValue("$limit", limit);
        var rows = new List<QuarantineEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(ReadEntry(reader));
        return rows;
    }

    public async Task<QuarantineEntry?> GetQuarantinedAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {QuarantineColumns} FROM observation_quarantine WHERE seq = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEntry(reader) : null;
    }

    public async Task<bool> MarkReviewedAsync(long id, string status, string by, string note, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (status is not (QuarantineStatus.Released or QuarantineStatus.Discarded))
            throw new ArgumentOutOfRangeException(nameof(status), status, "a review releases or discards");
        var changed = 0;
        await WriteAsync(async (connection, transaction) =>
        {
            await using var update = connection.CreateCommand();
            update.Transaction = transaction;
            // Only from pending: of two concurrent reviews, the second changes nothing.
            update.CommandText = """
                UPDATE observation_quarantine SET status = $status, reviewed_by = $by, reviewed_at = $at, review_note = $note
                WHERE seq = $id AND COALESCE(status, 'pending') = 'pending'
                """;
            update.Parameters.AddWithValue("$status", status);
            update.Parameters.AddWithValue("$by", by);
            update.Parameters.AddWithValue("$at", Format(at));
            update.Parameters.AddWithValue("$note", note);
            update.Parameters.AddWithValue("$id", id);
            changed = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return changed == 1;
    }

    public void Dispose() => _writer.Dispose();

    private static QuarantineEntry ReadEntry(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.IsDBNull(1) ? null : reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4), reader.GetString(5), reader.GetString(6), Parse(reader.GetString(7)),
        reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : Parse(reader.GetString(10)),
        reader.IsDBNull(11) ? null : reader.GetString(11));

    /// <summary>One write transaction at a time, committed before the task completes.</summary>
    private async Task WriteAsync(Func<SqliteConnection, SqliteTransaction, Task> write, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await write(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteConnections.OpenDurableAsync(connectionString, cancellationToken);

    // Round-trip format keeps the sender's offset, so a replay re-derives exactly what was graded.
    private static string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);
}
