using Npgsql;
using NpgsqlTypes;

namespace TrialMonitor.Persistence;

/// <summary>
/// The observation log in PostgreSQL, unique on the sender's id. A large append (a group commit under load) is one
/// binary COPY with sequence numbers drawn beforehand; a small one, or one that meets an id already logged, is one
/// <c>INSERT … unnest … ON CONFLICT DO NOTHING</c>.
/// </summary>
public sealed class PostgresObservationLog(NpgsqlDataSource dataSource, int copyFromRows = PostgresObservationLog.DefaultCopyFromRows) : IObservationLog, IQuarantineReview
{
    /// <summary>
    /// Below this many rows the single INSERT round trip is quicker than drawing sequence numbers and then copying.
    /// With COPY, PostgreSQL's share of a durable observation fell by about half under saturating load (bench/README.md).
    /// </summary>
    public const int DefaultCopyFromRows = 256;

    /// <summary>
    /// Each <c>nextval</c> of <c>observation_log_seq_seq</c> reserves this many sequence numbers (its increment, set in
    /// PostgreSQL-TrialMonitor.sql), and an append numbers its rows within the blocks it draws: one draw per block instead
    /// of one per row took about a millisecond of PostgreSQL's time off every COPY of a thousand rows (bench/README.md).
    /// A block is drawn after the previous append of the same patient has committed, so a patient's numbers still rise.
    /// </summary>
    public const int SequenceBlock = 1024;

    private const string DrawBlocks = "SELECT nextval('observation_log_seq_seq') FROM generate_series(1, @blocks)";

    private const string UniqueViolation = "23505";

    private static int BlocksFor(int rows) => (rows + SequenceBlock - 1) / SequenceBlock;

    public async Task<IReadOnlyList<long?>> AppendAsync(IReadOnlyList<LoggedObservation> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sequences = new long?[rows.Count];
        if (rows.Count == 0) return sequences;

        // A batch may repeat an id: the first occurrence is the one logged.
        var firstIndex = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        var firsts = new List<int>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
            if (firstIndex.TryAdd(rows[i].Id, i)) firsts.Add(i);

        if (firsts.Count >= copyFromRows)
        {
            try
            {
                await CopyAsync(rows, firsts, sequences, cancellationToken).ConfigureAwait(false);
                return sequences;
            }
            catch (PostgresException exception) when (exception.SqlState == UniqueViolation)
            {
                // An id was logged before (a resend, or another patient's): COPY has no ON CONFLICT, and wrote nothing.
                Array.Clear(sequences);
            }
        }

        await InsertAsync(rows, firstIndex, sequences, cancellationToken).ConfigureAwait(false);
        return sequences;
    }

    private async Task CopyAsync(IReadOnlyList<LoggedObservation> rows, List<int> firsts, long?[] sequences, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Sequence numbers are not transactional: a COPY that fails leaves a gap, as a failed INSERT does.
        await using (var draw = new NpgsqlCommand(DrawBlocks, connection))
        {
            draw.Parameters.Add(new NpgsqlParameter<int>("blocks", BlocksFor(firsts.Count)));
            await using var reader = await draw.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var next = 0;
            // Blocks are drawn in order and numbered within in order: each patient's rows keep the order they were appended in.
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var first = reader.GetInt64(0);
                for (var offset = 0; offset < SequenceBlock && next < firsts.Count; offset++) sequences[firsts[next++]] = first + offset;
            }
        }

        // One COPY is its own transaction: all rows or none. Rows are encoded here into one buffer (BinaryCopyWriter) and
        // only a full buffer goes to the socket; only the group-commit writer runs this, so no request thread waits.
        var stream = await connection.BeginRawBinaryCopyAsync(
            "COPY observation_log (seq, observation_id, patient_id, code, value_json, unit, effective_at, effective_offset_minutes, received_at) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false);
        try
        {
            using var writer = new BinaryCopyWriter(stream);
            foreach (var index in firsts)
            {
                var row = rows[index];
                writer.StartRow(9);
                writer.WriteBigint(sequences[index]!.Value);
                writer.WriteText(row.Id);
                writer.WriteText(row.PatientId);
                writer.WriteText(row.Code);
                writer.WriteText(row.ValueJson);
                if (row.Unit is { } unit) writer.WriteText(unit);
                else writer.WriteNull();
                writer.WriteTimestampTz(row.EffectiveAt);
                writer.WriteSmallint((short)row.EffectiveAt.Offset.TotalMinutes);
                writer.WriteTimestampTz(row.ReceivedAt);
            }

            writer.Finish();
        }
        catch
        {
            // PostgreSQL takes data that ends at a row boundary as complete: a COPY cut short must be refused, not ended.
            await CancelQuietlyAsync(stream).ConfigureAwait(false);
            throw;
        }

        // Ends the COPY: every row is committed, or PostgreSQL's refusal (a unique violation) is thrown here.
        await stream.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task CancelQuietlyAsync(NpgsqlRawCopyStream stream)
    {
        try
        {
            await stream.CancelAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection is broken or the COPY already failed: the transaction is rolled back either way.
        }
    }

    private async Task InsertAsync(IReadOnlyList<LoggedObservation> rows, Dictionary<string, int> firstIndex, long?[] sequences, CancellationToken cancellationToken)
    {
        // The rows are numbered by their position within the blocks drawn, as a COPY numbers them.
        await using var command = dataSource.CreateCommand($"""
            WITH blocks AS (SELECT g - 1 AS block, nextval('observation_log_seq_seq') AS first FROM generate_series(1, @blocks) AS g)
            INSERT INTO observation_log (seq, observation_id, patient_id, code, value_json, unit, effective_at, effective_offset_minutes, received_at)
            SELECT b.first + (r.ordinal - 1) % {SequenceBlock}, r.id, r.patient, r.code, r.value, r.unit, r.effective, r.offset_minutes, r.received
            FROM unnest(@ids, @patients, @codes, @values, @units, @effective, @offsets, @received)
                WITH ORDINALITY AS r(id, patient, code, value, unit, effective, offset_minutes, received, ordinal)
            JOIN blocks AS b ON b.block = (r.ordinal - 1) / {SequenceBlock}
            ORDER BY r.ordinal
            ON CONFLICT (observation_id) DO NOTHING
            RETURNING observation_id, seq
            """);
        command.Parameters.Add(new NpgsqlParameter<int>("blocks", BlocksFor(rows.Count)));
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", rows.Select(r => r.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("patients", rows.Select(r => r.PatientId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("codes", rows.Select(r => r.Code).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("values", rows.Select(r => r.ValueJson).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("units", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => (object?)r.Unit ?? DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("effective", rows.Select(r => r.EffectiveAt.UtcDateTime).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<short[]>("offsets", rows.Select(r => (short)r.EffectiveAt.Offset.TotalMinutes).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("received", rows.Select(r => r.ReceivedAt.UtcDateTime).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            sequences[firstIndex[reader.GetString(0)]] = reader.GetInt64(1);
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

    private const string QuarantineColumns = """
        seq, observation_id, patient_id, center_id, body_json, field, reason, received_at,
        COALESCE(status, 'pending'), reviewed_by, reviewed_at, review_note
        """;

    public async Task<IReadOnlyList<QuarantineEntry>> ListQuarantineAsync(string centerId, string? status, long afterId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(centerId);
        await using var command = dataSource.CreateCommand($"""
            SELECT {QuarantineColumns} FROM observation_quarantine
            WHERE center_id IS NOT DISTINCT FROM @center
              AND (@status IS NULL OR COALESCE(status, 'pending') = @status)
              AND seq > @after
            ORDER BY seq LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter("center", NpgsqlDbType.Text) { Value = centerId == IQuarantineReview.Unassigned ? DBNull.Value : centerId });
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = (object?)status ?? DBNull.Value });
        command.Parameters.AddWithValue("after", afterId);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<QuarantineEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(ReadEntry(reader));
        return rows;
    }

    public async Task<QuarantineEntry?> GetQuarantinedAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {QuarantineColumns} FROM observation_quarantine WHERE seq = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEntry(reader) : null;
    }

    public async Task<bool> MarkReviewedAsync(long id, string status, string by, string note, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (status is not (QuarantineStatus.Released or QuarantineStatus.Discarded))
            throw new ArgumentOutOfRangeException(nameof(status), status, "a review releases or discards");
        // Only from pending: of two concurrent reviews the second waits for the first's row lock, re-checks the
        // condition and updates nothing.
        await using var command = dataSource.CreateCommand("""
            UPDATE observation_quarantine SET status = @status, reviewed_by = @by, reviewed_at = @at, review_note = @note
            WHERE seq = @id AND COALESCE(status, 'pending') = 'pending'
            """);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("by", by);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("at", at.UtcDateTime) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.AddWithValue("note", note);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static QuarantineEntry ReadEntry(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.IsDBNull(1) ? null : reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4), reader.GetString(5), reader.GetString(6),
        new DateTimeOffset(reader.GetFieldValue<DateTime>(7), TimeSpan.Zero),
        reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(10), TimeSpan.Zero),
        reader.IsDBNull(11) ? null : reader.GetString(11));
}
