using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using TrialMonitor.Contracts.Patients;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Grains.Resilience;
using TrialMonitor.Grains.Tests.Support;
using TrialMonitor.Persistence;
using static TrialMonitor.Grains.Tests.Support.Course;

namespace TrialMonitor.Grains.Tests;

/// <summary>
/// A grain whose state write (or, for a center, alert log append) fails keeps nothing of the failed change in memory
/// (tests/fault/README.md found a center that did): the sender's resend records the alert again, durably, and a
/// restart still shows it.
/// </summary>
public sealed class StateWriteFailureTests
{
    [Fact]
    public async Task An_alert_whose_event_log_append_failed_is_recorded_by_the_resend_and_survives_a_restart()
    {
        var directory = GrainCluster.NewDataDirectory();
        var failing = new FailingAlertEventLog();
        var (fever, _) = FeverThenHypoxia("swf1");
        await using (var first = await GrainCluster.StartAsync(directory, configureServices: failing.Install))
        {
            var patient = first.Patient("SWF1-P");
            await patient.EnrolAsync(Enrolment("SWF1-C"));

            failing.FailNext();
            await Assert.ThrowsAnyAsync<Exception>(() => patient.IngestAsync(Indexed(fever)));
            Assert.Equal(1, failing.Failed);

            var resent = await patient.IngestAsync(Indexed(fever));
            Assert.Equal((0, fever.Length), (resent.Accepted, resent.Duplicates));
            var events = await first.Center("SWF1-C").GetEventsAfterAsync(0);
            Assert.Equal([AlertKinds.Crs], events.Select(e => e.Kind));
            Checks.GapFree(events);
        }

        await using var second = await GrainCluster.StartAsync(directory);
        var afterRestart = await second.Center("SWF1-C").GetEventsAfterAsync(0);
        Assert.Equal([AlertKinds.Crs], afterRestart.Select(e => e.Kind));
        Assert.Single((await second.Patient("SWF1-P").GetStatusAsync())!.OpenAlerts);
    }

    [Fact]
    public async Task A_center_whose_state_write_failed_after_logging_the_alert_records_it_once()
    {
        // The event is in the log and published before the center saves how far pages went; that save failing fails
        // the request, and the resend must not record the alert a second time.
        var directory = GrainCluster.NewDataDirectory();
        var failing = new FailingStateWrites("center");
        var (fever, _) = FeverThenHypoxia("swf3");
        await using (var first = await GrainCluster.StartAsync(directory, configureServices: failing.Install))
        {
            var patient = first.Patient("SWF3-P");
            await patient.EnrolAsync(Enrolment("SWF3-C"));

            failing.FailNext();
            await Assert.ThrowsAnyAsync<Exception>(() => patient.IngestAsync(Indexed(fever)));
            Assert.Equal(1, failing.Failed);

            await patient.IngestAsync(Indexed(fever));
            var events = await first.Center("SWF3-C").GetEventsAfterAsync(0);
            Assert.Equal([AlertKinds.Crs], events.Select(e => e.Kind));
        }

        await using var second = await GrainCluster.StartAsync(directory);
        Assert.Equal([AlertKinds.Crs], (await second.Center("SWF3-C").GetEventsAfterAsync(0)).Select(e => e.Kind));
    }

    [Fact]
    public async Task An_enrolment_whose_roster_write_failed_is_on_the_roster_after_the_resend()
    {
        var failing = new FailingStateWrites("trial-patients");
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), configureServices: failing.Install);
        var patient = cluster.Patient("SWF3-P");
        var enrolment = Enrolment("SWF3-C");

        failing.FailNext();
        await Assert.ThrowsAnyAsync<Exception>(() => patient.EnrolAsync(enrolment));
        Assert.Equal(1, failing.Failed);
        Assert.DoesNotContain("SWF3-P", (await ReadRosterAsync(cluster, enrolment.TrialId)).Keys);

        Assert.Equal(EnrolmentOutcome.Unchanged, (await patient.EnrolAsync(enrolment)).Outcome);
        Assert.Contains("SWF3-P", (await ReadRosterAsync(cluster, enrolment.TrialId)).Keys);
    }

    private static async Task<Dictionary<string, DateTimeOffset>> ReadRosterAsync(GrainCluster cluster, string trialId) =>
        (await cluster.StoredRosterAsync(trialId)).State?.EnrolledAt ?? [];

    [Fact]
    public async Task A_write_failing_because_postgresql_restarts_reaches_the_caller_as_dependency_unavailable()
    {
        // What Orleans' storage provider throws when PostgreSQL ends the session (pg_ctl stop -m fast).
        var failing = new FailingStateWrites("center", () => new OrleansException(
            "Error from storage provider AdoNetGrainStorage.center during WriteStateAsync",
            new Npgsql.PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
        var (fever, _) = FeverThenHypoxia("swf2");
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), configureServices: failing.Install);
        var patient = cluster.Patient("SWF2-P");
        await patient.EnrolAsync(Enrolment("SWF2-C"));

        failing.FailNext();
        var thrown = await Record.ExceptionAsync(() => patient.IngestAsync(Indexed(fever)));
        Assert.True(thrown is DependencyUnavailableException, thrown?.ToString());
        var refused = (DependencyUnavailableException)thrown!;

        // Judged where the database's error was whole; the caller, on any silo, reads the type (UnavailabilityClassificationTests).
        Assert.True(TransientFailure.Is(refused));
        var resent = await patient.IngestAsync(Indexed(fever));
        Assert.Equal((0, fever.Length), (resent.Accepted, resent.Duplicates));
        Assert.Equal([AlertKinds.Crs], (await cluster.Center("SWF2-C").GetEventsAfterAsync(0)).Select(e => e.Kind));
    }

    [Fact]
    public async Task A_write_refused_because_another_activation_stored_a_newer_version_is_dependency_unavailable_and_the_resend_succeeds()
    {
        var (fever, _) = FeverThenHypoxia("swf4");
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory());
        var patient = cluster.Patient("SWF4-P");
        await patient.EnrolAsync(Enrolment("SWF4-C"));
        await cluster.RewriteStoredPatientAsync("SWF4-P");

        // The fever raises an alert, whose decision the grain saves at once: the real storage refuses the stale version.
        var thrown = await Record.ExceptionAsync(() => patient.IngestAsync(Indexed(fever)));
        Assert.True(thrown is DependencyUnavailableException { InnerException: InconsistentStateException }, thrown?.ToString());

        // Started over from the stored version; the fever is in the log already and its alert is decided from there.
        var resent = await patient.IngestAsync(Indexed(fever));
        Assert.Equal((0, fever.Length), (resent.Accepted, resent.Duplicates));
        Assert.Equal([AlertKinds.Crs], (await cluster.Center("SWF4-C").GetEventsAfterAsync(0)).Select(e => e.Kind));
        Assert.Equal([AlertKinds.Crs], (await patient.GetStatusAsync())!.OpenAlerts.Select(a => a.Kind));
    }

    [Theory]
    [InlineData(typeof(TimeoutException), true)]
    [InlineData(typeof(IOException), true)]
    [InlineData(typeof(ArgumentException), false)]
    [InlineData(typeof(InvalidOperationException), false)]
    public void Storage_and_cluster_failures_are_told_from_refusals(Type type, bool infrastructure)
    {
        var exception = (Exception)Activator.CreateInstance(type, "x")!;
        Assert.Equal(infrastructure, InfrastructureFailure.Is(exception));
        Assert.Equal(infrastructure, InfrastructureFailure.Is(new InvalidOperationException("wrapped", exception)));
    }

    /// <summary>The real alert event log, made to fail its next append as a restarting database would.</summary>
    private sealed class FailingAlertEventLog
    {
        private int _armed;

        public int Failed { get; private set; }

        public void FailNext() => Interlocked.Exchange(ref _armed, 1);

        public void Install(IServiceCollection services)
        {
            var real = services.Last(d => d.ServiceType == typeof(IAlertEventLog));
            services.AddSingleton<IAlertEventLog>(sp => new Failing(this, (IAlertEventLog)real.ImplementationFactory!(sp)));
        }

        private sealed class Failing(FailingAlertEventLog owner, IAlertEventLog inner) : IAlertEventLog
        {
            public Task AppendAsync(string centerId, IReadOnlyList<AlertEventRecord> events, CancellationToken cancellationToken = default)
            {
                if (Interlocked.Exchange(ref owner._armed, 0) == 1)
                {
                    owner.Failed++;
                    throw new StorageGone();
                }

                return inner.AppendAsync(centerId, events, cancellationToken);
            }

            public Task<IReadOnlyList<AlertEventRecord>> ReadAsync(string centerId, long afterSequence, CancellationToken cancellationToken = default) =>
                inner.ReadAsync(centerId, afterSequence, cancellationToken);
        }
    }

    /// <summary>The real grain storage, made to fail the next write of one state name as a restarting database would.</summary>
    private sealed class FailingStateWrites(string stateName, Func<Exception>? failure = null) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        private IGrainStorage _inner = null!;
        private int _armed;

        public int Failed { get; private set; }

        public void FailNext() => Interlocked.Exchange(ref _armed, 1);

        public void Install(IServiceCollection services)
        {
            var real = services.Last(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, GrainStorage.Clinical));
            services.Remove(real);
            services.AddKeyedSingleton<IGrainStorage>(GrainStorage.Clinical, (sp, key) =>
            {
                _inner = (IGrainStorage)real.KeyedImplementationFactory!(sp, key);
                return this;
            });
        }

        // The real storage initialises itself in the silo's lifecycle, which reaches it through this decorator.
        public void Participate(ISiloLifecycle observer)
        {
            if (_inner is ILifecycleParticipant<ISiloLifecycle> participant) participant.Participate(observer);
        }

        public Task ReadStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState) => _inner.ReadStateAsync(grainType, grainId, grainState);

        public Task WriteStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState)
        {
            if (grainType == stateName && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Failed++;
                throw failure?.Invoke() ?? new StorageGone();
            }

            return _inner.WriteStateAsync(grainType, grainId, grainState);
        }

        public Task ClearStateAsync<T>(string grainType, GrainId grainId, IGrainState<T> grainState) => _inner.ClearStateAsync(grainType, grainId, grainState);
    }

    private sealed class StorageGone : DbException
    {
        public StorageGone()
            : base("the database is restarting")
        {
        }
    }
}
