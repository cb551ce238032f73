using Npgsql;
using Orleans.Runtime;
using TrialMonitor.Server.Hosting;

namespace TrialMonitor.Server.Tests;

/// <summary>
/// Which failures are "briefly unavailable" (503 + Retry-After) rather than a bug (500). A PostgreSQL restart ends the
/// sessions in use with 57P01 (admin_shutdown), which Npgsql does not call transient; tests/fault/run's restart phase
/// saw a grain state write fail with it, wrapped by Orleans' storage bridge, and answered 500.
/// </summary>
public sealed class UnavailabilityClassificationTests
{
    [Theory]
    [InlineData("57P01", true)]   // admin_shutdown: pg_ctl stop -m fast
    [InlineData("57P02", true)]   // crash_shutdown
    [InlineData("57P03", true)]   // cannot_connect_now: still starting
    [InlineData("23505", false)]  // unique_violation: a bug, not an outage
    [InlineData("42P01", false)]  // undefined_table: a missing schema, not an outage
    public void A_postgres_error_wrapped_by_grain_storage_is_transient_only_while_the_server_restarts(string sqlState, bool transient)
    {
        var postgres = new PostgresException("terminating connection", "FATAL", "FATAL", sqlState);
        var fromStorage = new OrleansException("Error from storage provider AdoNetGrainStorage.center during WriteStateAsync", postgres);

        Assert.Equal(transient, Unavailability.IsTransient(fromStorage));
    }
}
