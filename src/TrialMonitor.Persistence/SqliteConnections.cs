using Microsoft.Data.Sqlite;

namespace TrialMonitor.Persistence;

internal static class SqliteConnections
{
    /// <summary>
    /// An open connection whose commits are on disk before they return (synchronous = FULL), so that nothing
    /// acknowledged is lost; WAL itself is set once by the schema installer.
    /// </summary>
    public static async Task<SqliteConnection> OpenDurableAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = FULL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
