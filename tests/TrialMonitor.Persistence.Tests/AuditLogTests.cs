using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Persistence.Tests;

/// <summary>
/// The audit chain on each provider: concurrent appends stay gap-free and verify; a row changed or removed behind the
/// log's back is found at its sequence.
/// </summary>
public abstract class AuditLogTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 9, 30, 0, TimeSpan.FromHours(1));

    /// <summary>A fresh, installed store.</summary>
    protected abstract Task<StorageOptions> NewStoreAsync();

    /// <summary>Another process's view of the same store: a log instance of its own.</summary>
    protected abstract IAuditLog Open(StorageOptions store);

    /// <summary>Runs SQL on the store as its owner, with the append-only triggers out of the way.</summary>
    protected abstract Task TamperAsync(StorageOptions store, string sql);

    protected abstract DbConnection Connect(StorageOptions store);

    protected static AuditEntry Entry(int n) => new(
        At.AddTicks(n * 1234567), $"user-{n % 3}", n % 2 == 0 ? "cart-attending" : "", "POST /api/v1/alerts/{alertId}/acknowledge",
        $"alertId=FR-BDX~{n:x4}", n % 5 == 0 ? null : $$"""{"n":{{n}}}""", $$"""{"status":200,"n":{{n}}}""");

    private async Task<(StorageOptions Store, IAuditLog Log)> AppendHundredConcurrentlyAsync()
    {
        var store = await NewStoreAsync();
        // Two instances, as two server processes would have, each appended to by four tasks at once.
        var logs = new[] { Open(store), Open(store) };
        var appended = await Task.WhenAll(Enumerable.Range(0, 8).Select(task => Task.Run(async () =>
        {
            var records = new List<AuditRecord>();
            for (var n = task; n < 100; n += 8) records.Add(await logs[task % 2].AppendAsync(Entry(n)));
            return records;
        })));

        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), appended.SelectMany(r => r).Select(r => r.Sequence).Order());
        return (store, logs[0]);
    }

    [Fact]
    public async Task Concurrent_appends_make_one_gap_free_chain_that_verifies()
    {
        var (_, log) = await AppendHundredConcurrentlyAsync();

        var records = await log.ReadAsync(0, 1000);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(AuditChain.GenesisHash, records[0].PrevHash);
        for (var i = 1; i < records.Count; i++) Assert.Equal(records[i - 1].Hash, records[i].PrevHash);
        Assert.All(records, r => Assert.Matches("^[0-9a-f]{64}$", r.Hash));
        Assert.All(records, r => Assert.Equal(AuditChain.Hash(r), r.Hash));
        Assert.Equal(TimeSpan.Zero, records[0].At.Offset);
        Assert.Contains(records, r => r.BeforeJson is null);

        var page = await log.ReadAsync(40, 10);
        Assert.Equal(Enumerable.Range(41, 10).Select(i => (long)i), page.Select(r => r.Sequence));

        var verification = await log.VerifyAsync();
        Assert.Equal(new AuditVerification(100, null), verification);
    }

    [Fact]
    public async Task A_changed_row_breaks_the_chain_at_its_sequence_and_a_removed_one_at_the_next()
    {
        var (store, log) = await AppendHundredConcurrentlyAsync();

        await TamperAsync(store, """UPDATE audit_log SET after_json = '{"status":409}' WHERE seq = 40""");
        var changed = await log.VerifyAsync();
        Assert.Equal(39, changed.Verified);
        Assert.Equal(40, changed.FirstBrokenLink!.Sequence);
        Assert.Contains("hash", changed.FirstBrokenLink.Reason, StringComparison.Ordinal);

        await TamperAsync(store, "DELETE FROM audit_log WHERE seq = 40");
        var removed = await log.VerifyAsync();
        Assert.Equal(39, removed.Verified);
        Assert.Equal(41, removed.FirstBrokenLink!.Sequence);
        Assert.Contains("entry 40 is missing", removed.FirstBrokenLink.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_are_not_changed_or_removed_while_the_triggers_stand()
    {
        var store = await NewStoreAsync();
        var log = Open(store);
        for (var n = 0; n < 3; n++) await log.AppendAsync(Entry(n));

        await using var connection = Connect(store);
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE audit_log SET actor = 'someone else' WHERE seq = 2", "DELETE FROM audit_log WHERE seq = 2" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var refused = await Assert.ThrowsAnyAsync<DbException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(new AuditVerification(3, null), await log.VerifyAsync());
    }

    [Fact]
    public void The_hash_encoding_keeps_fields_apart()
    {
        var at = AuditChain.Normalise(At);
        Assert.NotEqual(
            AuditChain.Hash(1, at, "ab", "c", "a", "t", null, null, AuditChain.GenesisHash),
            AuditChain.Hash(1, at, "a", "bc", "a", "t", null, null, AuditChain.GenesisHash));
        Assert.NotEqual(
            AuditChain.Hash(1, at, "a", "", "a", "t", null, "x", AuditChain.GenesisHash),
            AuditChain.Hash(1, at, "a", "", "a", "t", "x", null, AuditChain.GenesisHash));
        Assert.NotEqual(
            AuditChain.Hash(1, at, "a", "", "a", "t", "", null, AuditChain.GenesisHash),
            AuditChain.Hash(1, at, "a", "", "a", "t", null, null, AuditChain.GenesisHash));
        Assert.Equal("2026-11-28T08:30:00.0000000Z", AuditChain.FormatAt(at));
    }
}

public sealed class AuditLogOnSqliteTests : AuditLogTests
{
    protected override async Task<StorageOptions> NewStoreAsync()
    {
        var options = new StorageOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "trialmonitor-persistence-tests", Guid.NewGuid().ToString("N")) };
        await SchemaInstaller.InstallAsync(options);
        return options;
    }

    protected override IAuditLog Open(StorageOptions store) => new SqliteAuditLog(store.ResolveConnectionString());

    protected override DbConnection Connect(StorageOptions store) => new SqliteConnection(store.ResolveConnectionString());

    protected override async Task TamperAsync(StorageOptions store, string sql)
    {
        await using var connection = new SqliteConnection(store.ResolveConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; " + sql;
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class AuditLogOnPostgresTests : AuditLogTests
{
    protected override async Task<StorageOptions> NewStoreAsync()
    {
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = PostgresServer.CreateDatabase() };
        await SchemaInstaller.InstallAsync(options);
        return options;
    }

    protected override IAuditLog Open(StorageOptions store) => new PostgresAuditLog(NpgsqlDataSource.Create(store.ConnectionString!));

    protected override DbConnection Connect(StorageOptions store) => new NpgsqlConnection(store.ConnectionString);

    protected override async Task TamperAsync(StorageOptions store, string sql)
    {
        await using var connection = new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("ALTER TABLE audit_log DISABLE TRIGGER ALL; " + sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Appends_that_meet_share_a_transaction()
    {
        var store = await NewStoreAsync();
        await using var log = new PostgresAuditLog(NpgsqlDataSource.Create(store.ConnectionString!));
        var stored = await Task.WhenAll(Enumerable.Range(0, 200).Select(n => log.AppendAsync(Entry(n))));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), stored.Select(r => r.Sequence).Order());
        Assert.Equal(new AuditVerification(200, null), await log.VerifyAsync());
        // Rows written by one transaction share its xmin.
        Assert.InRange(await ScalarAsync(store, "SELECT count(DISTINCT xmin::text) FROM audit_log"), 1, 100);
    }

    [Fact]
    public async Task An_entry_the_database_refuses_fails_alone()
    {
        var store = await NewStoreAsync();
        await using var log = new PostgresAuditLog(NpgsqlDataSource.Create(store.ConnectionString!));
        // PostgreSQL text cannot hold U+0000: that entry's insert fails, wherever it lands in a group.
        var appends = Enumerable.Range(0, 50).Select(n => log.AppendAsync(n == 30 ? Entry(n) with { Actor = "device\0" } : Entry(n))).ToArray();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => appends[30]);
        Assert.IsNotType<ObjectDisposedException>(refused);
        var stored = await Task.WhenAll(appends.Where((_, i) => i != 30));
        Assert.Equal(Enumerable.Range(1, 49).Select(i => (long)i), stored.Select(r => r.Sequence).Order());
        Assert.Equal(new AuditVerification(49, null), await log.VerifyAsync());
        Assert.Equal(0, await ScalarAsync(store, "SELECT count(*) FROM audit_log WHERE actor LIKE 'device%'"));
    }

    private static async Task<long> ScalarAsync(StorageOptions store, string sql)
    {
        await using var connection = new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
