using Microsoft.Data.Sqlite;
using Npgsql;

namespace TrialMonitor.Persistence;

/// <summary>
/// Creates the Orleans ADO.NET schema (vendored scripts, Sql/Orleans) and TrialMonitor's tables. Idempotent: the
/// Orleans scripts run only when their query table is absent, inside one transaction; concurrent PostgreSQL
/// installers are serialised by an advisory lock.
/// </summary>
public static class SchemaInstaller
{
    // Any constant shared by every installer of this schema.
    private const long PostgresAdvisoryLock = 0x54_4D_53_43_48_45_4D_41; // "TMSCHEMA"

    public static async Task InstallAsync(StorageOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.ResolveConnectionString();
        if (options.Provider == StorageProvider.Postgres) await InstallPostgresAsync(connectionString, cancellationToken).ConfigureAwait(false);
        else await InstallSqliteAsync(connectionString, cancellationToken).ConfigureAwait(false);
    }

    private static async Task InstallSqliteAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // BEGIN IMMEDIATE semantics: two processes starting at once cannot both see the table missing.
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_install_lock (id INTEGER PRIMARY KEY); DELETE FROM schema_install_lock;", cancellationToken).ConfigureAwait(false);
        var hasOrleans = await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'OrleansQuery'", cancellationToken).ConfigureAwait(false) > 0;
        if (!hasOrleans)
        {
            await ExecuteAsync(connection, transaction, SqlScripts.Read("Orleans/Sqlite-Main.sql"), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, SqlScripts.Read("Orleans/Sqlite-Persistence.sql"), cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, SqlScripts.Read("TrialMonitor/Sqlite-TrialMonitor.sql"), cancellationToken).ConfigureAwait(false);
        await AddMissingSqliteColumnsAsync(connection, transaction, "observation_quarantine", QuarantineReviewColumns, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // The review columns of the quarantine, for SQLite databases created before them (the script has them for new ones).
    private static readonly (string Name, string Definition)[] QuarantineReviewColumns =
    [
        ("status", "TEXT NULL DEFAULT 'pending'"),
        ("reviewed_by", "TEXT NULL"),
        ("reviewed_at", "TEXT NULL"),
        ("review_note", "TEXT NULL"),
    ];

    /// <summary>SQLite has no ADD COLUMN IF NOT EXISTS: add each column that pragma table_info does not list.</summary>
    private static async Task AddMissingSqliteColumnsAsync(SqliteConnection connection, SqliteTransaction transaction, string table, IEnumerable<(string Name, string Definition)> columns, CancellationToken cancellationToken)
    {
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var info = connection.CreateCommand())
        {
            info.Transaction = transaction;
            info.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
            await using var reader = await info.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) existing.Add(reader.GetString(0));
        }

        foreach (var (name, definition) in columns)
        {
            if (!existing.Contains(name))
                await ExecuteAsync(connection, transaction, $"ALTER TABLE {table} ADD COLUMN {name} {definition};", cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task InstallPostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresAdvisoryLock});", cancellationToken).ConfigureAwait(false);
        var hasOrleans = await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'orleansquery'", cancellationToken).ConfigureAwait(false) > 0;
        if (!hasOrleans)
        {
            foreach (var script in new[] { "PostgreSQL-Main.sql", "PostgreSQL-Clustering.sql", "PostgreSQL-Persistence.sql", "PostgreSQL-Reminders.sql" })
                await ExecuteAsync(connection, transaction, SqlScripts.Read("Orleans/" + script), cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, SqlScripts.Read("TrialMonitor/PostgreSQL-TrialMonitor.sql"), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> ScalarAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }
}
