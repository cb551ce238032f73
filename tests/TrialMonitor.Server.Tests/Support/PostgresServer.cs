using System.Diagnostics;
using Npgsql;

namespace TrialMonitor.Server.Tests.Support;

/// <summary>
/// The PostgreSQL server of the tests (functional suite and persistence tests): $TRIALMONITOR_TEST_POSTGRES (a
/// connection string whose user may create databases and, for the audit tamper tests, disable triggers), or else a
/// throwaway local server started with tests/postgres/start-local.sh. Each test deployment gets a database of its own.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<string> Server = new(FindOrStart);

    public static string CreateDatabase()
    {
        var name = "tm_" + Guid.NewGuid().ToString("N");
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

        var script = Path.Combine(SharedFiles.RepositoryRoot(), "tests", "postgres", "start-local.sh");
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
}
