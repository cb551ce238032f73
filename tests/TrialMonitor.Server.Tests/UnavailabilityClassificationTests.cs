using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using TrialMonitor.Grains.Resilience;
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

    [Fact]
    public void A_restart_error_judged_in_the_grains_silo_is_still_transient_after_the_hop_to_the_callers_silo()
    {
        var postgres = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01");
        var fromStorage = new OrleansException("Error from storage provider AdoNetGrainStorage.patient during ReadStateAsync", postgres);
        var serializer = OrleansSerializer();

        // What the HTTP edge of another silo receives when the error crosses unjudged: the SQLSTATE is not carried.
        // It was a 500; a bare PostgreSQL error without its state is now taken as an outage.
        var bare = RoundTrip(serializer, fromStorage);
        Assert.Null(Assert.IsType<PostgresException>(bare.InnerException).SqlState);
        Assert.True(Unavailability.IsTransient(bare));

        // What the grain call filter sends now: judged where the error is whole, carried as its own type.
        var judged = RoundTrip(serializer, new DependencyUnavailableException("storage or the cluster is briefly unavailable", fromStorage));
        Assert.IsType<DependencyUnavailableException>(judged);
        Assert.True(Unavailability.IsTransient(judged));
    }

    [Fact]
    public void A_version_conflict_between_two_activations_is_transient_on_either_side_of_the_hop()
    {
        // As Orleans' ADO.NET storage refuses the write of a version another activation replaced: tests/fault/run's
        // kill phase saw it from a patient's replay in OnActivateAsync, which no grain call filter sees, answered 500.
        var conflict = new Orleans.Storage.InconsistentStateException("Version conflict (WriteState): ServiceId=fault ProviderName=clinical GrainType=patient GrainId=P-1 ETag=1.");

        Assert.True(Unavailability.IsTransient(conflict));
        Assert.True(Unavailability.IsTransient(RoundTrip(OrleansSerializer(), conflict)));
    }

    [Fact]
    public void A_bug_is_not_made_transient_by_the_hop()
    {
        var postgres = new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", "23505");
        var judgedWhereItHappened = TransientFailure.Is(new OrleansException("Error from storage provider", postgres));

        Assert.False(judgedWhereItHappened);
    }

    // As the silos are configured (Hosting/OrleansHosting.cs): exceptions of these namespaces cross as themselves.
    private static Serializer OrleansSerializer()
    {
        var services = new ServiceCollection()
            .AddSerializer(builder => builder.AddAssembly(typeof(DependencyUnavailableException).Assembly))
            .Configure<ExceptionSerializationOptions>(o =>
            {
                o.SupportedNamespacePrefixes.Add("Npgsql");
                o.SupportedNamespacePrefixes.Add("TrialMonitor");
            })
            .BuildServiceProvider();
        return services.GetRequiredService<Serializer>();
    }

    private static Exception RoundTrip(Serializer serializer, Exception exception) =>
        serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(exception))!;
}
