using Npgsql;
using TrialMonitor.Persistence;

namespace TrialMonitor.Server.Hosting;

internal static class StorageHosting
{
    /// <summary>Creates the schema (idempotent) and registers the observation log, the quarantine review, the audit log and the alert event log for the configured provider.</summary>
    public static StorageOptions AddTrialMonitorStorage(this WebApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        // The silo's storage providers need their tables before it starts.
        SchemaInstaller.InstallAsync(storage).GetAwaiter().GetResult();

        if (storage.ObservationLogConcurrentCommits < 1)
            throw new InvalidOperationException($"Storage:ObservationLogConcurrentCommits is {storage.ObservationLogConcurrentCommits}; it must be at least 1");
        var connectionString = storage.ResolveConnectionString();
        if (storage.Provider == StorageProvider.Postgres)
        {
            builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            builder.Services.AddSingleton(sp => new PostgresObservationLog(sp.GetRequiredService<NpgsqlDataSource>()));
            // Beside the first transaction, another starts only once a COPY's worth of rows waits.
            builder.Services.AddSingleton<IObservationLog>(sp => new GroupCommitObservationLog(sp.GetRequiredService<PostgresObservationLog>(),
                maxConcurrentCommits: storage.ObservationLogConcurrentCommits, concurrentFromRows: PostgresObservationLog.DefaultCopyFromRows));
            builder.Services.AddSingleton<IQuarantineReview>(sp => sp.GetRequiredService<PostgresObservationLog>());
            builder.Services.AddSingleton<IAuditLog>(sp => new PostgresAuditLog(sp.GetRequiredService<NpgsqlDataSource>()));
            builder.Services.AddSingleton<IAlertEventLog>(sp => new PostgresAlertEventLog(sp.GetRequiredService<NpgsqlDataSource>()));
        }
        else
        {
            // One instance behind both, so that review updates go through the same serialised writer as the appends.
            builder.Services.AddSingleton(_ => new SqliteObservationLog(connectionString));
            builder.Services.AddSingleton<IObservationLog>(sp => new GroupCommitObservationLog(sp.GetRequiredService<SqliteObservationLog>()));
            builder.Services.AddSingleton<IQuarantineReview>(sp => sp.GetRequiredService<SqliteObservationLog>());
            builder.Services.AddSingleton<IAuditLog>(_ => new SqliteAuditLog(connectionString));
            builder.Services.AddSingleton<IAlertEventLog>(_ => new SqliteAlertEventLog(connectionString));
        }

        builder.Services.AddSingleton(storage);
        return storage;
    }
}
