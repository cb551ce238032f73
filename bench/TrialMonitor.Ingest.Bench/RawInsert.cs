using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace TrialMonitor.Ingest.Bench;

/// <summary>One row as observation_log keeps it.</summary>
public sealed record RawRow(string Id, string PatientId, string Code, string ValueJson, string? Unit, DateTimeOffset EffectiveAt, DateTimeOffset ReceivedAt);

public sealed record RawResult(int Rows, TimeSpan Elapsed)
{
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;
}

/// <summary>
/// The floor under the server: the same kind of rows written straight into the same database, into a scratch table
/// with observation_log's columns, unique key and index (src/TrialMonitor.Persistence/Sql/TrialMonitor). PostgreSQL:
/// one binary COPY (Npgsql BeginBinaryImport); SQLite: one transaction of prepared INSERTs at synchronous=FULL, as the
/// server writes. The rows are generated before the clock starts; the table is dropped afterwards.
/// </summary>
public static class RawInsert
{
    private const string Table = "bench_raw_observation_log";

    public static List<RawRow> Rows(ObservationFeed stream, int count)
    {
        var observations = new List<Obs>(count);
        stream.Take(observations, count);
        var receivedAt = DateTimeOffset.UtcNow;
        return observations.ConvertAll(o => new RawRow(o.Id, o.PatientId, o.Code, Wire.ValueJson(o), o.Unit, o.EffectiveAt, receivedAt));
    }

    public static async Task<RawResult> PostgresCopyAsync(string connectionString, IReadOnlyList<RawRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"""
            DROP TABLE IF EXISTS {Table};
            CREATE TABLE {Table}
            (
                seq            BIGSERIAL    PRIMARY KEY,
                observation_id TEXT COLLATE "C" NOT NULL UNIQUE,
                patient_id     TEXT COLLATE "C" NOT NULL,
                code           TEXT         NOT NULL,
                value_json     TEXT         NOT NULL,
                unit           TEXT         NULL,
                effective_at   TIMESTAMPTZ  NOT NULL,
                effective_offset_minutes SMALLINT NOT NULL,
                received_at    TIMESTAMPTZ  NOT NULL
            );
            CREATE INDEX ix_{Table}_patient ON {Table} (patient_id, seq);
            """, cancellationToken).ConfigureAwait(false);

        // The synchronous writer: per-field async calls would measure the client, not the database.
        var clock = Stopwatch.StartNew();
        using (var copy = connection.BeginBinaryImport(
            $"COPY {Table} (observation_id, patient_id, code, value_json, unit, effective_at, effective_offset_minutes, received_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                copy.StartRow();
                copy.Write(row.Id, NpgsqlDbType.Text);
                copy.Write(row.PatientId, NpgsqlDbType.Text);
                copy.Write(row.Code, NpgsqlDbType.Text);
                copy.Write(row.ValueJson, NpgsqlDbType.Text);
                if (row.Unit is { } unit) copy.Write(unit, NpgsqlDbType.Text);
                else copy.WriteNull();
                copy.Write(row.EffectiveAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                copy.Write((short)row.EffectiveAt.Offset.TotalMinutes, NpgsqlDbType.Smallint);
                copy.Write(row.ReceivedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
            }

            // Complete commits the COPY (autocommit, synchronous_commit as the server's database has it).
            copy.Complete();
        }

        clock.Stop();
        await ExecuteAsync(connection, $"DROP TABLE {Table}", cancellationToken).ConfigureAwait(false);
        return new RawResult(rows.Count, clock.Elapsed);
    }

    public static async Task<RawResult> SqliteInsertAsync(string connectionString, IReadOnlyList<RawRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"""
            PRAGMA synchronous = FULL;
            DROP TABLE IF EXISTS {Table};
            CREATE TABLE {Table}
            (
                seq            INTEGER PRIMARY KEY AUTOINCREMENT,
                observation_id TEXT    NOT NULL UNIQUE,
                patient_id     TEXT    NOT NULL,
                code           TEXT    NOT NULL,
                value_json     TEXT    NOT NULL,
                unit           TEXT    NULL,
                effective_at   TEXT    NOT NULL,
                received_at    TEXT    NOT NULL
            );
            CREATE INDEX ix_{Table}_patient ON {Table} (patient_id, seq);
            """, cancellationToken).ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"""
                INSERT INTO {Table} (observation_id, patient_id, code, value_json, unit, effective_at, received_at)
                VALUES ($id, $patient, $code, $value, $unit, $effective, $received)
                """;
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var patient = insert.Parameters.Add("$patient", SqliteType.Text);
            var code = insert.Parameters.Add("$code", SqliteType.Text);
            var value = insert.Parameters.Add("$value", SqliteType.Text);
            var unit = insert.Parameters.Add("$unit", SqliteType.Text);
            var effective = insert.Parameters.Add("$effective", SqliteType.Text);
            var received = insert.Parameters.Add("$received", SqliteType.Text);
            insert.Prepare();
            foreach (var row in rows)
            {
                id.Value = row.Id;
                patient.Value = row.PatientId;
                code.Value = row.Code;
                value.Value = row.ValueJson;
                unit.Value = (object?)row.Unit ?? DBNull.Value;
                effective.Value = row.EffectiveAt.ToString("O", CultureInfo.InvariantCulture);
                received.Value = row.ReceivedAt.ToString("O", CultureInfo.InvariantCulture);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        clock.Stop();
        await ExecuteAsync(connection, $"DROP TABLE {Table}", cancellationToken).ConfigureAwait(false);
        return new RawResult(rows.Count, clock.Elapsed);
    }

    /// <summary>Rows in the server's observation_log: a check that what was acknowledged is there.</summary>
    public static async Task<long> CountLoggedAsync(string provider, string connectionString, CancellationToken cancellationToken)
    {
        if (provider == "postgres")
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM observation_log", connection);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using var sqlite = new SqliteConnection(connectionString);
        await sqlite.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var count = sqlite.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM observation_log";
        return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
