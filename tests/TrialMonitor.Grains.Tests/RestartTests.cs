using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Patients;
using TrialMonitor.Grains.Tests.Support;
using TrialMonitor.Persistence;
using static TrialMonitor.Grains.Tests.Support.Course;

namespace TrialMonitor.Grains.Tests;

/// <summary>Durability on the real store: what a stopped cluster knew, a restarted one knows, and a crash raises nothing twice.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task After_a_restart_grades_open_alerts_and_center_events_are_the_same_and_a_resent_batch_changes_nothing()
    {
        var directory = GrainCluster.NewDataDirectory();
        var (fever, hypoxia) = FeverThenHypoxia("rst1");
        string statusBefore, eventsBefore;
        await using (var first = await GrainCluster.StartAsync(directory))
        {
            var patient = first.Patient("RST1-P");
            Assert.Equal(EnrolmentOutcome.Enrolled, (await patient.EnrolAsync(Enrolment("RST1-C"))).Outcome);
            Assert.Equal(1, (await patient.IngestAsync(Indexed(fever))).Accepted);
            Assert.Equal(2, (await patient.IngestAsync(Indexed(hypoxia))).Accepted);

            var status = (await patient.GetStatusAsync())!;
            Assert.Equal(3, status.Crs.Grade);
            var open = Assert.Single(status.OpenAlerts);
            Assert.Equal((AlertKinds.Crs, 3, AlertSeverities.Emergency), (open.Kind, open.Grade!.Value, open.Severity));
            var events = await first.Center("RST1-C").GetEventsAfterAsync(0);
            Assert.Equal([AlertEvents.Raised, AlertEvents.Updated], events.Select(e => e.Event));
            Checks.GapFree(events);
            statusBefore = Checks.Json(status);
            eventsBefore = Checks.Json(events);
        }

        await using var second = await GrainCluster.StartAsync(directory);
        var again = second.Patient("RST1-P");
        Assert.Equal(statusBefore, Checks.Json(await again.GetStatusAsync()));
        var eventsAfter = await second.Center("RST1-C").GetEventsAfterAsync(0);
        Assert.Equal(eventsBefore, Checks.Json(eventsAfter));
        Checks.GapFree(eventsAfter);

        var resent = await again.IngestAsync(Indexed([.. fever, .. hypoxia]));
        Assert.Equal((0, 3), (resent.Accepted, resent.Duplicates));
        Assert.Equal(eventsBefore, Checks.Json(await second.Center("RST1-C").GetEventsAfterAsync(0)));
        Assert.Equal(EnrolmentOutcome.Unchanged, (await again.EnrolAsync(Enrolment("RST1-C"))).Outcome);
    }

    [Fact]
    public async Task Observations_logged_but_not_graded_when_the_silo_died_are_graded_on_activation_and_alert_once()
    {
        var directory = GrainCluster.NewDataDirectory();
        await using (var first = await GrainCluster.StartAsync(directory))
        {
            var patient = first.Patient("RST2-P");
            await patient.EnrolAsync(Enrolment("RST2-C"));
            Assert.Equal(1, (await patient.IngestAsync([Temperature("rst2-t0", 37.0m, Hour(1))])).Accepted);
            Assert.Empty(await first.Center("RST2-C").GetEventsAfterAsync(0));
        }

        // What a crash between the log write and the grain's state write leaves: rows in the log, nothing else.
        using (var log = new SqliteObservationLog(new StorageOptions { DataDirectory = directory }.ResolveConnectionString()))
        {
            var sequences = await log.AppendAsync(
            [
                Row("rst2-t1", "8310-5", "39.1", "Cel", Hour(2)),
                Row("rst2-o2", "tm:o2-device", "\"nasal-cannula\"", null, Hour(3)),
                Row("rst2-flow", "3151-8", "8", "L/min", Hour(3)),
            ]);
            Assert.All(sequences, s => Assert.NotNull(s));
        }

        string? alertId = null;
        for (var restart = 0; restart < 2; restart++)
        {
            await using var next = await GrainCluster.StartAsync(directory);
            var status = (await next.Patient("RST2-P").GetStatusAsync())!;
            Assert.Equal(4, status.ObservationCount);
            Assert.Equal(3, status.Crs.Grade);
            var open = Assert.Single(status.OpenAlerts);
            Assert.Equal(3, open.Grade);

            // One alert, raised at the peak it was replayed to: not grade 1 then an update, and not again on a later start.
            var raised = Assert.Single(await next.Center("RST2-C").GetEventsAfterAsync(0));
            Assert.Equal((1L, AlertEvents.Raised, AlertKinds.Crs, 3), (raised.Sequence, raised.Event, raised.Kind, raised.Grade!.Value));
            Assert.Equal(raised.AlertId, open.AlertId);
            alertId ??= raised.AlertId;
            Assert.Equal(alertId, raised.AlertId);
        }
    }

    private static LoggedObservation Row(string id, string code, string valueJson, string? unit, DateTimeOffset at) =>
        new(id, "RST2-P", code, valueJson, unit, at, at.AddMinutes(1));
}
