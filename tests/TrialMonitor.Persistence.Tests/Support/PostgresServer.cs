using System.Diagnostics;
using Npgsql;

namespace TrialMonitor.Persistence.Tests.Support;

/// <summary>
/// The PostgreSQL server of these tests, as in the server tests: $TRIALMONITOR_TEST_POSTGRES (a connection string
/// whose user may create databases and disable triggers), or else the throwaway local server of
/// tests/postgres/start-local.sh on port 55433. Each test gets a database of its own.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<string> Server = new(FindOrStart);

    public static string CreateDatabase()
    {
        var name = "tmp_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(Server.Value))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(Server.Value) { Database = name, MaxPoolSize = 50 }.ConnectionString;
    }

    private static string FindOrStart()
    {
        var configured = Environment.GetEnvironmentVariable("TRIALMONITOR_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;

        var script = Path.Combine(RepositoryRoot(), "tests", "postgres", "start-local.sh");
        var start = new ProcessStartInfo("bash", [script, Path.Combine(Path.GetTempPath(), "trialmonitor-test-postgres"), "55433"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run " + script);
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL tests need a PostgreSQL server: set TRIALMONITOR_TEST_POSTGRES, or install the Debian package postgresql so that {script} can start one. It said: {error.Trim()}");
        }

        return output.Trim().Split('\n')[^1];
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TrialMonitor.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("the repository root (holding TrialMonitor.sln) was not found above " + AppContext.BaseDirectory);
    }
}
