using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Notifications;
using TrialMonitor.Grains.Tests.Support;
using static TrialMonitor.Grains.Tests.Support.Course;

namespace TrialMonitor.Grains.Tests;

/// <summary>
/// Unacknowledged pages escalate one level after 10 min (emergency) or 30 min (urgent), rules.md 10.3, on a fake
/// clock that drives the grains and their timers; and they keep doing so across a restart.
/// </summary>
public sealed class EscalationTests
{
    [Fact]
    public async Task An_unacknowledged_emergency_escalates_to_the_next_level_at_ten_minutes_not_before_and_stops_at_the_top()
    {
        var time = new FakeTimeProvider(Hour(4));
        var pages = new RecordingChannel();
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), time: time, configureServices: s => s.AddSingleton<IAlertChannel>(pages));
        var center = cluster.Center("ES1-C");
        await center.SetOnCallAsync([new OnCallShift("cart-attending", "Dr Attending", "+33 5 00 00 00 01", Hour(0), Hour(12))]);
        await RaiseCrsGrade3Async(cluster, "ES1-P", "ES1-C", "es1");

        var raised = Assert.Single(await CrsEventsAsync(center));
        Assert.Equal((AlertSeverities.Emergency, 0, time.GetUtcNow().AddMinutes(10)), (raised.Severity, raised.EscalationLevel, raised.EscalatesAt!.Value));
        Assert.Equal(["cart-attending", "icu-outreach"], raised.NotifiedRoles);
        await Checks.EventuallyAsync(() => Task.FromResult(pages.Pages.Count == 1), "the first page");
        var first = pages.Pages[0];
        Assert.Equal((raised.AlertId + "#" + raised.Sequence, 0), (first.NotificationId, first.Level));
        Assert.Equal([new OnCallRecipient("cart-attending", "Dr Attending", "+33 5 00 00 00 01"), new OnCallRecipient("icu-outreach", null, null)], first.Recipients);

        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await center.CheckAsync();
        Assert.Single(await CrsEventsAsync(center));

        time.Advance(TimeSpan.FromSeconds(1));
        await Checks.EventuallyAsync(async () => (await CrsEventsAsync(center)).Count == 2, "the escalation, fired by the center's timer");
        var escalated = (await CrsEventsAsync(center))[1];
        Assert.Equal((AlertEvents.Escalated, AlertStatuses.Open, 1, raised.Sequence + 1), (escalated.Event, escalated.Status, escalated.EscalationLevel, escalated.Sequence));
        Assert.Equal(["principal-investigator"], escalated.NotifiedRoles);
        Assert.Null(escalated.EscalatesAt);
        Assert.Equal(Hour(4).AddMinutes(10), escalated.EventAt);
        await Checks.EventuallyAsync(() => Task.FromResult(pages.Pages.Count == 2), "the escalation page");
        Assert.Equal(1, pages.Pages[1].Level);

        // The top of the chain: nobody further to page, however long nobody answers.
        time.Advance(TimeSpan.FromHours(2));
        await center.CheckAsync();
        await center.CheckAsync();
        Assert.Equal(2, (await CrsEventsAsync(center)).Count);
        Assert.Equal(1, Assert.Single(await center.GetAlertQualityAsync(), q => q.Kind == "crs").Escalations);
    }

    [Fact]
    public async Task An_urgent_alert_climbs_its_chain_every_thirty_minutes_and_an_acknowledgement_stops_it()
    {
        var time = new FakeTimeProvider(Hour(2.5));
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), time: time);
        var center = cluster.Center("ES2-C");
        var patient = cluster.Patient("ES2-P");
        await patient.EnrolAsync(Enrolment("ES2-C"));
        await patient.IngestAsync(FeverThenHypoxia("es2").Fever);
        var raised = Assert.Single(await CrsEventsAsync(center));
        Assert.Equal((AlertSeverities.Urgent, 1), (raised.Severity, raised.Grade!.Value));
        Assert.Equal(["bedside-nurse", "cart-physician-on-call"], raised.NotifiedRoles);

        time.Advance(TimeSpan.FromMinutes(30));
        await Checks.EventuallyAsync(async () => (await CrsEventsAsync(center)).Count == 2, "level 1 after 30 min");
        time.Advance(TimeSpan.FromMinutes(29));
        await center.CheckAsync();
        Assert.Equal(2, (await CrsEventsAsync(center)).Count);
        time.Advance(TimeSpan.FromMinutes(1));
        await Checks.EventuallyAsync(async () => (await CrsEventsAsync(center)).Count == 3, "level 2 after 60 min");
        var events = await CrsEventsAsync(center);
        Assert.Equal([0, 1, 2], events.Select(e => e.EscalationLevel));
        Assert.Equal([["bedside-nurse", "cart-physician-on-call"], ["cart-attending"], ["principal-investigator"]], events.Select(e => e.NotifiedRoles.ToArray()));

        // A second alert, acknowledged within its 30 minutes, never escalates.
        var other = cluster.Patient("ES2-Q");
        await other.EnrolAsync(Enrolment("ES2-C"));
        await other.IngestAsync(FeverThenHypoxia("es2q").Fever);
        var second = (await center.GetAlertsAsync(AlertStatuses.Open, 0)).Single(a => a.PatientId == "ES2-Q" && a.Kind == "crs");
        time.Advance(TimeSpan.FromMinutes(20));
        var acknowledged = await center.TransitionAsync(second.AlertId, AlertStatuses.Acknowledged, "nurse-b", null, null);
        Assert.Null(acknowledged.Alert!.EscalatesAt);
        time.Advance(TimeSpan.FromHours(3));
        await center.CheckAsync();
        Assert.DoesNotContain(await center.GetEventsAfterAsync(0), e => e.AlertId == second.AlertId && e.Event == AlertEvents.Escalated);
    }

    [Fact]
    public async Task An_escalation_due_while_the_deployment_was_down_happens_once_at_the_first_check_after_the_restart()
    {
        var directory = GrainCluster.NewDataDirectory();
        var time = new FakeTimeProvider(Hour(4));
        var pages = new RecordingChannel();
        string alertId;
        await using (var cluster = await GrainCluster.StartAsync(directory, time: time, configureServices: s => s.AddSingleton<IAlertChannel>(pages)))
        {
            await RaiseCrsGrade3Async(cluster, "ES3-P", "ES3-C", "es3");
            alertId = Assert.Single(await CrsEventsAsync(cluster.Center("ES3-C"))).AlertId;
            time.Advance(TimeSpan.FromMinutes(5));
            await Checks.EventuallyAsync(() => Task.FromResult(pages.Pages.Count == 1), "the first page");
        }

        // Down across the escalation time.
        time.Advance(TimeSpan.FromMinutes(20));
        await using (var restarted = await GrainCluster.StartAsync(directory, time: time, configureServices: s => s.AddSingleton<IAlertChannel>(pages)))
        {
            var center = restarted.Center("ES3-C");
            // What every server's check loop does at start-up and each minute; twice, as two servers might.
            await center.CheckAsync();
            await center.CheckAsync();
            var events = await CrsEventsAsync(center);
            Assert.Equal([AlertEvents.Raised, AlertEvents.Escalated], events.Select(e => e.Event));
            Assert.Equal(Hour(4).AddMinutes(25), events[1].EventAt);
            Assert.All(events, e => Assert.Equal(alertId, e.AlertId));
            await Checks.EventuallyAsync(() => Task.FromResult(pages.Pages.Count == 2), "the escalation page after the restart");
            await Task.Delay(200);
            // The raise was paged before the stop and is not paged again.
            Assert.Equal([0, 1], pages.Pages.Select(p => p.Level));
        }
    }

    [Fact]
    public async Task When_the_silo_holding_the_center_dies_mid_escalation_the_center_escalates_once_on_the_surviving_silo()
    {
        var time = new FakeTimeProvider(Hour(4));
        var pages = new RecordingChannel();
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), silos: 2, time: time, configureServices: s => s.AddSingleton<IAlertChannel>(pages));
        var center = cluster.Center("ES5-C");
        await RaiseCrsGrade3Async(cluster, "ES5-P", "ES5-C", "es5");
        var alertId = Assert.Single(await CrsEventsAsync(center)).AlertId;

        // The center on the second silo (the first holds the cluster's membership in the test host), then a crash.
        var doomed = cluster.Cluster.Silos[1];
        if (!doomed.SiloAddress.Equals(cluster.SiloOf(center))) await cluster.Cluster.MigrateAsync(center, doomed.SiloAddress);
        Assert.Equal(doomed.SiloAddress, cluster.SiloOf(center));
        time.Advance(TimeSpan.FromMinutes(4));
        await cluster.Cluster.KillSiloAsync(doomed);

        time.Advance(TimeSpan.FromMinutes(7));
        // The surviving server's check loop: retried while the cluster learns the silo is dead.
        await Checks.EventuallyAsync(async () =>
        {
            try
            {
                await center.CheckAsync();
                return (await CrsEventsAsync(center)).Count == 2;
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                return false;
            }
        }, "the escalation on the surviving silo", TimeSpan.FromSeconds(60));
        await center.CheckAsync();
        var events = await CrsEventsAsync(center);
        Assert.Equal([AlertEvents.Raised, AlertEvents.Escalated], events.Select(e => e.Event));
        Assert.All(events, e => Assert.Equal(alertId, e.AlertId));
        Assert.Equal(cluster.Cluster.Silos[0].SiloAddress, cluster.SiloOf(center));
    }

    [Fact]
    public async Task Pages_a_channel_refused_are_handed_again_at_the_next_check_in_order()
    {
        var time = new FakeTimeProvider(Hour(4));
        var pages = new RecordingChannel { Refuse = true };
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), time: time, configureServices: s => s.AddSingleton<IAlertChannel>(pages));
        await RaiseCrsGrade3Async(cluster, "ES4-P", "ES4-C", "es4");
        var center = cluster.Center("ES4-C");
        await center.CheckAsync();
        Assert.Empty(pages.Pages);

        pages.Refuse = false;
        await center.CheckAsync();
        var page = Assert.Single(pages.Pages);
        Assert.Equal("crs", page.Alert.Kind);
        await center.CheckAsync();
        Assert.Single(pages.Pages);
    }

    private static async Task RaiseCrsGrade3Async(GrainCluster cluster, string patientId, string centerId, string prefix)
    {
        var patient = cluster.Patient(patientId);
        await patient.EnrolAsync(Enrolment(centerId));
        var (fever, hypoxia) = FeverThenHypoxia(prefix);
        await patient.IngestAsync(Indexed([.. fever, .. hypoxia]));
    }

    private static async Task<IReadOnlyList<Alert>> CrsEventsAsync(Contracts.Centers.ICenterGrain center) =>
        (await center.GetEventsAfterAsync(0)).Where(e => e.Kind == "crs").ToArray();
}
