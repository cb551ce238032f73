namespace TrialMonitor.Persistence;

public enum StorageProvider
{
    /// <summary>An embedded database file: the default, so that a first run needs no server.</summary>
    Sqlite,
    Postgres,
}

/// <summary>Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Required for PostgreSQL; for SQLite, overrides the file under <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the embedded database lives.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>
    /// PostgreSQL only: how many observation-log transactions one silo may have in flight at once (each on its own
    /// connection and backend). SQLite has one writer, so there it is always one.
    /// </summary>
    public int ObservationLogConcurrentCommits { get; set; } = 2;

    public string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString)) return ConnectionString;
        if (Provider == StorageProvider.Postgres)
            throw new InvalidOperationException("Storage:ConnectionString is required when Storage:Provider is Postgres");
        var directory = Path.GetFullPath(DataDirectory);
        Directory.CreateDirectory(directory);
        // Default Timeout also bounds how long a writer waits for the file lock (Microsoft.Data.Sqlite retries SQLITE_BUSY).
        return $"Data Source={Path.Combine(directory, "trialmonitor.db")};Default Timeout=30;Pooling=True";
    }
}
