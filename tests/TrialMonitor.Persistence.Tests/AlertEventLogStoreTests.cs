using System.Data.Common;
using Npgsql;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Persistence.Tests;

/// <summary>
/// The alert event log on each provider: rows read back in sequence order per center; an append that repeats a
/// sequence the center has (a second activation of the same center) fails whole, so the log never forks.
/// </summary>
public abstract class AlertEventLogStoreTests
{
    protected abstract Task<IAlertEventLog> NewLogAsync();

    private static AlertEventRecord Row(long sequence, string? key = null) =>
        new(sequence, key, $$"""{"alertId":"C~{{sequence}}","sequence":{{sequence}},"reason":"SpO₂ 91 % on 2 L/min"}""");

    [Fact]
    public async Task Appended_events_read_back_in_sequence_order_per_center()
    {
        var log = await NewLogAsync();
        await log.AppendAsync("FR-BDX", [Row(1, "k1"), Row(2, "k2")]);
        await log.AppendAsync("FR-LIL", [Row(1, "k1")]);
        await log.AppendAsync("FR-BDX", [Row(3)]);

        var bordeaux = await log.ReadAsync("FR-BDX", 0);
        Assert.Equal([Row(1, "k1"), Row(2, "k2"), Row(3)], bordeaux);
        Assert.Equal([Row(3)], await log.ReadAsync("FR-BDX", 2));
        Assert.Equal([Row(1, "k1")], await log.ReadAsync("FR-LIL", 0));
        Assert.Empty(await log.ReadAsync("FR-PAR", 0));
    }

    [Fact]
    public async Task An_append_repeating_a_sequence_fails_whole()
    {
        var log = await NewLogAsync();
        await log.AppendAsync("FR-BDX", [Row(1), Row(2)]);

        await Assert.ThrowsAnyAsync<DbException>(() => log.AppendAsync("FR-BDX", [Row(3, "k3"), Row(2, "other")]));
        Assert.Equal([1L, 2L], (await log.ReadAsync("FR-BDX", 0)).Select(r => r.Sequence));
    }
}

public sealed class AlertEventLogOnSqliteTests : AlertEventLogStoreTests
{
    protected override async Task<IAlertEventLog> NewLogAsync()
    {
        var options = new StorageOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "trialmonitor-persistence-tests", Guid.NewGuid().ToString("N")) };
        await SchemaInstaller.InstallAsync(options);
        return new SqliteAlertEventLog(options.ResolveConnectionString());
    }
}

public sealed class AlertEventLogOnPostgresTests : AlertEventLogStoreTests
{
    protected override async Task<IAlertEventLog> NewLogAsync()
    {
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = PostgresServer.CreateDatabase() };
        await SchemaInstaller.InstallAsync(options);
        return new PostgresAlertEventLog(NpgsqlDataSource.Create(options.ConnectionString!));
    }
}
