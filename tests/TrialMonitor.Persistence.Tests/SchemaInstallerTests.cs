using Microsoft.Data.Sqlite;
using TrialMonitor.Persistence;

namespace TrialMonitor.Persistence.Tests;

/// <summary>Schema creation is one idempotent step: running it again, or on a database in use, changes nothing.</summary>
public sealed class SchemaInstallerTests
{
    [Fact]
    public async Task Installing_twice_keeps_the_tables_and_their_rows()
    {
        var options = new StorageOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "trialmonitor-persistence-tests", Guid.NewGuid().ToString("N")) };
        await SchemaInstaller.InstallAsync(options);
        var log = new SqliteObservationLog(options.ResolveConnectionString());
        await log.AppendAsync([new LoggedObservation("s-1", "P-1", "8310-5", "37.5", "Cel", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow)]);

        await SchemaInstaller.InstallAsync(options);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SchemaInstaller.InstallAsync(options)));

        Assert.Single(await log.ReadPatientAsync("P-1"));
        await using var connection = new SqliteConnection(options.ResolveConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey'";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }
}
