using Npgsql;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Persistence.Tests;

/// <summary>
/// The PostgreSQL log's two write paths give the same answer: a large append goes by binary COPY, a small one or one
/// meeting an id logged before by <c>INSERT … ON CONFLICT</c>; either way the first occurrence of an id is the one
/// logged, and sequence numbers follow the order of the rows.
/// </summary>
public sealed class PostgresObservationLogTests
{
    private static readonly DateTimeOffset At = new(2026, 4, 1, 10, 0, 0, TimeSpan.FromHours(2));

    // Small enough that a test's few rows take the COPY path.
    private const int CopyFromRows = 4;

    private static async Task<(PostgresObservationLog Log, string ConnectionString)> NewLogAsync()
    {
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = PostgresServer.CreateDatabase() };
        await SchemaInstaller.InstallAsync(options);
        return (new PostgresObservationLog(NpgsqlDataSource.Create(options.ConnectionString!), CopyFromRows), options.ConnectionString!);
    }

    private static LoggedObservation Row(string id, string patient, decimal value = 37.0m, string? unit = "Cel") =>
        new(id, patient, "8310-5", value.ToString(System.Globalization.CultureInfo.InvariantCulture), unit, At.AddMinutes((double)value), At.AddMinutes(90));

    [Fact]
    public async Task A_large_append_is_logged_whole_in_row_order_and_a_repeated_id_within_it_is_logged_once()
    {
        var (log, _) = await NewLogAsync();
        LoggedObservation[] rows = [Row("a-1", "P-1", 37.1m), Row("a-2", "P-1", 37.2m), Row("a-1", "P-1", 39.9m), Row("a-3", "P-2", 37.3m, unit: null), Row("a-4", "P-1", 37.4m)];

        var sequences = await log.AppendAsync(rows);

        Assert.Null(sequences[2]);
        long?[] logged = [sequences[0], sequences[1], sequences[3], sequences[4]];
        Assert.All(logged, s => Assert.NotNull(s));
        Assert.Equal(logged.OrderBy(s => s), logged);

        var patient = await log.ReadPatientAsync("P-1");
        Assert.Equal(["a-1", "a-2", "a-4"], patient.Select(r => r.Id));
        Assert.Equal("37.1", patient[0].ValueJson);
        Assert.Equal(At.AddMinutes(37.1), patient[0].EffectiveAt);
        Assert.Equal(At.Offset, patient[0].EffectiveAt.Offset);
        Assert.Equal(At.AddMinutes(90), patient[0].ReceivedAt);
        Assert.Equal(sequences[0], patient[0].Sequence);
        var other = Assert.Single(await log.ReadPatientAsync("P-2"));
        Assert.Null(other.Unit);
    }

    [Fact]
    public async Task A_large_append_meeting_an_id_logged_before_logs_the_rest_and_the_first_value_stands()
    {
        var (log, _) = await NewLogAsync();
        var before = await log.AppendAsync([Row("b-2", "P-OTHER", 38.0m)]);

        var sequences = await log.AppendAsync([Row("b-1", "P-1", 37.1m), Row("b-2", "P-1", 39.9m), Row("b-3", "P-1", 37.3m), Row("b-4", "P-1", 37.4m), Row("b-5", "P-1", 37.5m)]);

        Assert.Null(sequences[1]);
        // The COPY was tried first: its block of numbers was spent when it met b-2, so the INSERT's block comes after it.
        Assert.True(sequences[0] >= before[0] + 2 * PostgresObservationLog.SequenceBlock, $"b-1 got {sequences[0]} after {before[0]}: the COPY path was not tried");
        Assert.Equal(sequences.Where(s => s is not null).OrderBy(s => s), sequences.Where(s => s is not null));
        Assert.Equal(["b-1", "b-3", "b-4", "b-5"], (await log.ReadPatientAsync("P-1")).Select(r => r.Id));
        Assert.Equal("38.0", Assert.Single(await log.ReadPatientAsync("P-OTHER")).ValueJson);
    }

    [Fact]
    public async Task Appends_after_a_copy_keep_numbering_upwards_for_the_replay_point()
    {
        var (log, _) = await NewLogAsync();
        var copied = await log.AppendAsync([.. Enumerable.Range(0, 10).Select(i => Row($"c-{i}", "P-1", 37m + i / 10m))]);
        var inserted = await log.AppendAsync([Row("c-next", "P-1", 38.5m)]);

        Assert.True(inserted[0] > copied.Max());
        Assert.Equal(inserted[0], (await log.ReadPatientAsync("P-1"))[^1].Sequence);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_append_of_more_rows_than_a_sequence_block_numbers_every_row_once_and_in_order(bool byCopy)
    {
        var (log, connectionString) = await NewLogAsync();
        var rows = Enumerable.Range(0, 2 * PostgresObservationLog.SequenceBlock + 100).Select(i => Row($"blk-{i}", $"P-{i % 3}", 36m + i % 40 / 10m)).ToList();
        // A row logged before sends the whole append down the INSERT path.
        if (!byCopy) await log.AppendAsync([rows[^1]]);

        var sequences = await log.AppendAsync(rows);

        var numbered = byCopy ? sequences : sequences.SkipLast(1).ToArray();
        Assert.All(numbered, s => Assert.NotNull(s));
        Assert.Equal(numbered.Count, numbered.Distinct().Count());
        Assert.Equal(numbered.OrderBy(s => s), numbered);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(DISTINCT seq) FROM observation_log", connection);
        Assert.Equal((long)rows.Count, (long)(await count.ExecuteScalarAsync())!);
        // The row logged before the append comes first in its patient's log.
        var inLogOrder = byCopy ? rows : [rows[^1], .. rows.SkipLast(1)];
        foreach (var patient in new[] { "P-0", "P-1", "P-2" })
        {
            var logged = await log.ReadPatientAsync(patient);
            Assert.Equal(inLogOrder.Where(r => r.PatientId == patient).Select(r => r.Id), logged.Select(r => r.Id));
        }
    }

    [Fact]
    public async Task The_database_sequence_reserves_the_block_the_log_numbers_within()
    {
        var (_, connectionString) = await NewLogAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var increment = new NpgsqlCommand("SELECT increment_by FROM pg_sequences WHERE sequencename = 'observation_log_seq_seq'", connection);

        Assert.Equal((long)PostgresObservationLog.SequenceBlock, (long)(await increment.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_copied_row_keeps_text_of_any_length_and_script_and_times_to_the_microsecond()
    {
        var (log, _) = await NewLogAsync();
        // Longer than the COPY writer's 64 KB buffer, and characters of two, three and four bytes in UTF-8.
        var longList = "[" + string.Join(",", Enumerable.Range(0, 9000).Select(i => $"\"item-{i}\"")) + "]";
        var taken = new DateTimeOffset(2026, 4, 1, 10, 0, 0, TimeSpan.FromHours(-9.5)).AddTicks(1234567);
        LoggedObservation[] rows =
        [
            Row("é-1", "P-ü", 37.1m),
            new("long-1", "P-ü", "tm:medication", longList, null, taken, taken.AddSeconds(30)),
            new("🩸-1", "P-ü", "tm:note", "\"fièvre à 39 °C — 发烧 🌡\"", "°C", taken, taken),
            Row("é-2", "P-ü", 37.2m),
        ];

        var sequences = await log.AppendAsync(rows);

        Assert.All(sequences, s => Assert.NotNull(s));
        var logged = await log.ReadPatientAsync("P-ü");
        Assert.Equal(["é-1", "long-1", "🩸-1", "é-2"], logged.Select(r => r.Id));
        Assert.Equal(longList, logged[1].ValueJson);
        Assert.Null(logged[1].Unit);
        Assert.Equal("\"fièvre à 39 °C — 发烧 🌡\"", logged[2].ValueJson);
        Assert.Equal("°C", logged[2].Unit);
        // PostgreSQL keeps microseconds: the last tick is dropped; the sender's offset is kept.
        Assert.Equal(taken.AddTicks(-7), logged[1].EffectiveAt);
        Assert.Equal(taken.Offset, logged[1].EffectiveAt.Offset);
        Assert.Equal(taken.AddSeconds(30).AddTicks(-7), logged[1].ReceivedAt);
    }

    [Fact]
    public async Task A_copy_that_fails_part_way_logs_nothing()
    {
        var (log, _) = await NewLogAsync();
        // Enough rows that some have left the writer's buffer before the one it cannot encode (a lone surrogate).
        var rows = Enumerable.Range(0, 2000).Select(i => Row($"cut-{i}", "P-1", 36m + i % 20 / 10m)).ToList();
        rows.Add(Row("cut-bad", "P-\ud800", 37m));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => log.AppendAsync(rows));

        Assert.Empty(await log.ReadPatientAsync("P-1"));
        // The connection went back to the pool usable: the next append is logged.
        Assert.NotNull((await log.AppendAsync(rows.Take(10).ToArray()))[0]);
    }

    [Fact]
    public async Task A_log_from_before_identifiers_compared_as_bytes_is_converted_on_install_and_keeps_its_rows_and_keys()
    {
        var connectionString = PostgresServer.CreateDatabase();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            // observation_log as the schema created it until 3 Dec 2026: identifiers under the database's collation.
            await using var create = new NpgsqlCommand("""
                CREATE TABLE observation_log
                (
                    seq BIGSERIAL PRIMARY KEY, observation_id TEXT NOT NULL UNIQUE, patient_id TEXT NOT NULL, code TEXT NOT NULL,
                    value_json TEXT NOT NULL, unit TEXT NULL, effective_at TIMESTAMPTZ NOT NULL, effective_offset_minutes SMALLINT NOT NULL,
                    received_at TIMESTAMPTZ NOT NULL
                );
                CREATE INDEX ix_observation_log_patient ON observation_log (patient_id, seq);
                INSERT INTO observation_log (observation_id, patient_id, code, value_json, unit, effective_at, effective_offset_minutes, received_at)
                VALUES ('old-1', 'P-1', '8310-5', '37.5', 'Cel', now(), 0, now()), ('old-2', 'P-1', '8310-5', '37.6', 'Cel', now(), 0, now());
                """, connection);
            await create.ExecuteNonQueryAsync();
            Assert.Equal(["observation_id:", "patient_id:"], await CollationsAsync(connection));
        }

        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString };
        await SchemaInstaller.InstallAsync(options);
        await SchemaInstaller.InstallAsync(options);

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            Assert.Equal(["observation_id:C", "patient_id:C"], await CollationsAsync(connection));
        }

        var log = new PostgresObservationLog(NpgsqlDataSource.Create(connectionString), CopyFromRows);
        Assert.Equal(["old-1", "old-2"], (await log.ReadPatientAsync("P-1")).Select(r => r.Id));
        // The unique key survived the conversion: a repeated id is still logged once.
        var sequences = await log.AppendAsync([Row("old-1", "P-1", 39.9m), Row("new-1", "P-1", 37.7m)]);
        Assert.Null(sequences[0]);
        Assert.Equal(["old-1", "old-2", "new-1"], (await log.ReadPatientAsync("P-1")).Select(r => r.Id));
        Assert.Equal("37.5", (await log.ReadPatientAsync("P-1"))[0].ValueJson);
    }

    [Fact]
    public async Task A_new_log_compares_its_identifiers_as_bytes()
    {
        var (_, connectionString) = await NewLogAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Assert.Equal(["observation_id:C", "patient_id:C"], await CollationsAsync(connection));
    }

    private static async Task<List<string>> CollationsAsync(NpgsqlConnection connection)
    {
        await using var query = new NpgsqlCommand("""
            SELECT column_name || ':' || coalesce(collation_name, '') FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'observation_log' AND column_name IN ('observation_id', 'patient_id')
            ORDER BY column_name
            """, connection);
        var result = new List<string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add(reader.GetString(0));
        return result;
    }
}
