using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Grains.Centers;
using TrialMonitor.Grains.Tests.Support;
using TrialMonitor.Persistence;
using static TrialMonitor.Grains.Tests.Support.Course;

namespace TrialMonitor.Grains.Tests;

/// <summary>
/// A center's alert events are rows of the alert event log, one per event: recording an alert writes that alert, not
/// the center's whole history (its grain state once held every event and was rewritten with each).
/// </summary>
public sealed class AlertEventLogTests
{
    [Fact]
    public async Task Each_alert_event_is_one_row_of_the_log_and_the_center_state_keeps_none()
    {
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory());
        var patient = cluster.Patient("ELG1-P");
        await patient.EnrolAsync(Enrolment("ELG1-C"));
        var (fever, hypoxia) = FeverThenHypoxia("elg1");
        await patient.IngestAsync(Indexed(fever));
        await patient.IngestAsync(Indexed(hypoxia));
        var center = cluster.Center("ELG1-C");
        var raised = (await center.GetEventsAfterAsync(0)).First(e => e.Kind == AlertKinds.Crs);
        var acknowledged = await center.TransitionAsync(raised.AlertId, AlertStatuses.Acknowledged, "dr-elg1", null, null);
        Assert.True(acknowledged.Changed);

        var events = await center.GetEventsAfterAsync(0);
        var rows = await new SqliteAlertEventLog(cluster.ConnectionString).ReadAsync("ELG1-C", 0);
        Assert.True(events.Count >= 3, $"{events.Count} events");
        Assert.Equal(events.Select(e => e.Sequence), rows.Select(r => r.Sequence));
        Assert.Equal(events.Select(e => (e.AlertId, e.Event, e.Status, e.Reason)), rows.Select(r => AlertEventJson.FromRecord("ELG1-C", r)).Select(e => (e.AlertId, e.Event, e.Status, e.Reason)));
        // Readings recorded the raise and the update, each once on a resend; the clinician's acknowledgement has no change key.
        Assert.All(rows.Where(r => r.Sequence != acknowledged.Alert!.Sequence), r => Assert.NotNull(r.ChangeKey));
        Assert.Null(rows.Single(r => r.Sequence == acknowledged.Alert!.Sequence).ChangeKey);

        var stored = (await cluster.StoredCenterAsync("ELG1-C")).State!;
        Assert.Empty(stored.Events);
        Assert.Empty(stored.RecordedKeys);
        Assert.Equal([(raised.AlertId, true)], stored.Attempts.Select(a => (a.AlertId, a.Accepted)));
    }

    [Fact]
    public async Task A_center_state_from_before_the_log_moves_its_events_there_and_keeps_their_keys()
    {
        var directory = GrainCluster.NewDataDirectory();
        await using (var cluster = await GrainCluster.StartAsync(directory))
        {
            await cluster.StoreCenterAsync("MIG-C", new CenterState
            {
                TrialId = TrialId,
                LastSequence = 2,
                Events = [Raised(1, "MIG-C~1"), Raised(2, "MIG-C~2")],
                RecordedKeys = new(StringComparer.Ordinal) { "k1", "k2" },
            });

            var center = cluster.Center("MIG-C");
            var moved = await center.GetEventsAfterAsync(0);
            Assert.Equal(["MIG-C~1", "MIG-C~2"], moved.Select(e => e.AlertId));
            Assert.Equal([1L, 2L], (await new SqliteAlertEventLog(cluster.ConnectionString).ReadAsync("MIG-C", 0)).Select(r => r.Sequence));
            var stored = (await cluster.StoredCenterAsync("MIG-C")).State!;
            Assert.Empty(stored.Events);
            Assert.Equal(["k1", "k2"], stored.RecordedKeys.Order(StringComparer.Ordinal));

            // A resend of a change recorded before the move is still recorded once; a new one follows the moved events.
            Assert.Empty(await center.RecordAsync(TrialId, [Change("k1", "MIG-C~1")]));
            var recorded = await center.RecordAsync(TrialId, [Change("k3", "MIG-C~3")]);
            Assert.Equal([3L], recorded.Select(e => e.Sequence));
        }

        await using var restarted = await GrainCluster.StartAsync(directory);
        var afterRestart = await restarted.Center("MIG-C").GetEventsAfterAsync(0);
        Assert.Equal(["MIG-C~1", "MIG-C~2", "MIG-C~3"], afterRestart.Select(e => e.AlertId));
        Checks.GapFree(afterRestart);
        Assert.Empty(await restarted.Center("MIG-C").RecordAsync(TrialId, [Change("k3", "MIG-C~3")]));
    }

    private static Alert Raised(long sequence, string alertId) => new()
    {
        AlertId = alertId, Sequence = sequence, TrialId = TrialId, CenterId = "MIG-C", PatientId = "MIG-P", Kind = AlertKinds.Crs, Grade = 1,
        Severity = "urgent", Status = AlertStatuses.Open, RaisedAt = Hour(sequence), Reason = "temperature 38.6 °C", Event = AlertEvents.Raised,
        EventAt = Hour(sequence), EffectiveAt = Hour(sequence),
    };

    private static AlertChange Change(string key, string alertId) =>
        new(key, alertId, "MIG-P", AlertKinds.Crs, 1, "urgent", "temperature 38.6 °C", Hour(3), IsNewAlert: true);
}
