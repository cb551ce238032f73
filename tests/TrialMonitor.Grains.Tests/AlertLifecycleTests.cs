using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Grains.Tests.Support;
using static TrialMonitor.Grains.Tests.Support.Course;

namespace TrialMonitor.Grains.Tests;

/// <summary>An alert's life at its center: acknowledged once, resolved, and a new alert when the condition worsens after.</summary>
public sealed class AlertLifecycleTests
{
    [Fact]
    public async Task Open_acknowledged_resolved_take_the_next_sequences_a_second_acknowledge_records_nothing_and_worse_after_resolve_is_a_new_alert()
    {
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory());
        var patient = cluster.Patient("LC1-P");
        var center = cluster.Center("LC1-C");
        var (fever, hypoxia) = FeverThenHypoxia("lc1");
        await patient.EnrolAsync(Enrolment("LC1-C"));
        await patient.IngestAsync(fever);
        var raised = Assert.Single(await center.GetEventsAfterAsync(0));
        Assert.Equal((AlertEvents.Raised, AlertStatuses.Open, 1), (raised.Event, raised.Status, raised.Grade!.Value));

        var unknown = await center.TransitionAsync("LC1-C~0000", AlertStatuses.Acknowledged, "dr-a", null, null);
        Assert.False(unknown.Found);

        var acknowledged = await center.TransitionAsync(raised.AlertId, AlertStatuses.Acknowledged, "dr-a", "seen, work-up started", null);
        Assert.True(acknowledged.Changed);
        Assert.Equal((2L, AlertEvents.Acknowledged, AlertStatuses.Acknowledged, "dr-a", "seen, work-up started"),
            (acknowledged.Alert!.Sequence, acknowledged.Alert.Event, acknowledged.Alert.Status, acknowledged.Alert.By, acknowledged.Alert.Note));

        var twice = await center.TransitionAsync(raised.AlertId, AlertStatuses.Acknowledged, "dr-b", null, null);
        Assert.True(twice.Found);
        Assert.False(twice.Changed);
        Assert.Equal(2L, twice.Alert!.Sequence);
        Assert.Equal(2, (await center.GetEventsAfterAsync(0)).Count);

        var resolved = await center.TransitionAsync(raised.AlertId, AlertStatuses.Resolved, "dr-a", null, true);
        Assert.True(resolved.Changed);
        Assert.Equal((3L, AlertEvents.Resolved, AlertStatuses.Resolved), (resolved.Alert!.Sequence, resolved.Alert.Event, resolved.Alert.Status));
        Assert.False((await center.TransitionAsync(raised.AlertId, AlertStatuses.Acknowledged, "dr-b", null, null)).Changed);
        await Checks.EventuallyAsync(async () => (await patient.GetStatusAsync())!.OpenAlerts.Count == 0, "the patient learns its alert was resolved");

        await patient.IngestAsync(hypoxia);
        var events = await center.GetEventsAfterAsync(0);
        Checks.GapFree(events);
        Assert.Equal([AlertEvents.Raised, AlertEvents.Acknowledged, AlertEvents.Resolved, AlertEvents.Raised], events.Select(e => e.Event));
        var worse = events[^1];
        Assert.NotEqual(raised.AlertId, worse.AlertId);
        Assert.Equal((AlertStatuses.Open, 3), (worse.Status, worse.Grade!.Value));
        Assert.Equal(worse.AlertId, Assert.Single((await patient.GetStatusAsync())!.OpenAlerts).AlertId);
        Assert.Equal([raised.AlertId], (await center.GetAlertsAsync(AlertStatuses.Resolved, 0)).Select(a => a.AlertId));
        Assert.Equal(events.Skip(2).Select(Checks.Json), (await center.GetEventsAfterAsync(2)).Select(Checks.Json));
    }

    [Fact]
    public async Task Acknowledging_while_the_same_patient_is_ingesting_completes_and_the_grade_increase_reopens_the_alert()
    {
        GatedObservationLog? gate = null;
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), decorateLog: log => gate = new GatedObservationLog(log));
        var patient = cluster.Patient("LC2-P");
        var center = cluster.Center("LC2-C");
        var (fever, hypoxia) = FeverThenHypoxia("lc2");
        await patient.EnrolAsync(Enrolment("LC2-C"));
        await patient.IngestAsync(fever);
        var raised = Assert.Single(await center.GetEventsAfterAsync(0));

        // The patient waits in its log write while the clinician acknowledges: the center must not wait on the
        // patient while the patient, once logged, waits on the center.
        gate!.Armed = true;
        var ingest = patient.IngestAsync(hypoxia);
        await gate.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        var acknowledge = center.TransitionAsync(raised.AlertId, AlertStatuses.Acknowledged, "dr-a", null, null);
        await Task.Delay(300);
        gate.Open();
        await Task.WhenAll(ingest, acknowledge).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, (await ingest).Accepted);
        Assert.True((await acknowledge).Changed);
        var events = await center.GetEventsAfterAsync(0);
        Checks.GapFree(events);
        Assert.Equal([AlertEvents.Raised, AlertEvents.Acknowledged, AlertEvents.Updated], events.Select(e => e.Event));
        Assert.Equal((AlertStatuses.Open, 3), (events[^1].Status, events[^1].Grade!.Value));
        var open = Assert.Single((await patient.GetStatusAsync())!.OpenAlerts);
        Assert.Equal((raised.AlertId, 3L, AlertStatuses.Open), (open.AlertId, open.Sequence, open.Status));
    }

    [Fact]
    public async Task A_resolved_alert_is_not_raised_again_while_its_condition_goes_on_but_is_when_it_clears_and_returns()
    {
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory());
        var patient = cluster.Patient("LC3-P");
        var center = cluster.Center("LC3-C");
        await patient.EnrolAsync(Enrolment("LC3-C"));
        await patient.IngestAsync(Indexed(Temperature("lc3-1", 38.4m, Hour(30))));
        var raised = Assert.Single(await center.GetEventsAfterAsync(0));
        Assert.True((await center.TransitionAsync(raised.AlertId, AlertStatuses.Resolved, "dr-a", "treated as CRS", true)).Changed);
        await Checks.EventuallyAsync(async () => (await patient.GetStatusAsync())!.OpenAlerts.Count == 0, "the patient learns its alert was resolved");

        // Still in the same CRS episode (one normal reading does not end it, rules.md 1.2): grade 1 goes on, no new alert.
        await patient.IngestAsync(Indexed(Temperature("lc3-2", 37.2m, Hour(31)), Temperature("lc3-3", 38.2m, Hour(32))));
        Assert.Equal(2, (await center.GetEventsAfterAsync(0)).Count);

        // Afebrile for more than a day closes the episode; a fever days later is a new episode and a new alert.
        await patient.IngestAsync(Indexed(Temperature("lc3-4", 36.9m, Hour(60)), Temperature("lc3-5", 36.8m, Hour(62))));
        await patient.IngestAsync(Indexed(Temperature("lc3-6", 38.9m, Hour(150))));
        var events = await center.GetEventsAfterAsync(0);
        Checks.GapFree(events);
        Assert.Equal([AlertEvents.Raised, AlertEvents.Resolved, AlertEvents.Raised], events.Select(e => e.Event));
        Assert.NotEqual(raised.AlertId, events[^1].AlertId);
        Assert.Equal("crs", events[^1].Kind);
    }
}
