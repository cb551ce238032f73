using Npgsql;
using TrialMonitor.Persistence;

namespace TrialMonitor.Server.Tests.Support;

/// <summary>Where a test deployment keeps its data: a fresh SQLite directory or a fresh PostgreSQL database.</summary>
public sealed record StorageTarget(StorageProvider Provider, string? DataDirectory, string? ConnectionString, string ClusterId)
{
    public static StorageTarget NewSqlite() => new(
        StorageProvider.Sqlite,
        Path.Combine(Path.GetTempPath(), "trialmonitor-tests", Guid.NewGuid().ToString("N")),
        null,
        "tests-" + Guid.NewGuid().ToString("N"));

    public static StorageTarget NewPostgres() => new(StorageProvider.Postgres, null, PostgresServer.CreateDatabase(), "tests-" + Guid.NewGuid().ToString("N"));

    public StorageOptions ToOptions() => new() { Provider = Provider, DataDirectory = DataDirectory ?? "./data", ConnectionString = ConnectionString };

    /// <summary>The observation log of this deployment, opened directly, as a crashed process would have left it.</summary>
    public IObservationLog OpenLog() => Provider == StorageProvider.Postgres
        ? new PostgresObservationLog(NpgsqlDataSource.Create(ConnectionString!))
        : new SqliteObservationLog(ToOptions().ResolveConnectionString());

    public override string ToString() => Provider.ToString();
}
