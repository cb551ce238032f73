using Microsoft.Extensions.Time.Testing;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Sae;
using TrialMonitor.Grains.Tests.Support;
using static TrialMonitor.Grains.Tests.Support.Course;

namespace TrialMonitor.Grains.Tests;

/// <summary>
/// SAE drafts and their clocks on a fake clock (rules.md 10.3 "regulatory", ICH E2A): opened by CRS grade 3 at the
/// time of that alert, overdue alerts raised once per draft and clock, on time by the grain's own timer, across restarts.
/// </summary>
public sealed class SaeClockTests
{
    private static ISaeGrain Sae(GrainCluster cluster, string centerId) => cluster.Client.GetGrain<ISaeGrain>(centerId);

    private static async Task<IReadOnlyList<Alert>> OverdueAlertsAsync(GrainCluster cluster, string centerId) =>
        (await cluster.Center(centerId).GetAlertsAsync(null, 0)).Where(a => a.Kind == AlertKinds.SaeOverdue).ToArray();

    /// <summary>Fever at 2 h seen at 2.5 h (CRS 1), hypoxia at 3 h seen at 3.5 h (CRS 3): the draft's awareness is 3.5 h.</summary>
    private static async Task<SaeDraft> CrsGrade3Async(GrainCluster cluster, FakeTimeProvider time, string patientId, string centerId, string prefix)
    {
        var patient = cluster.Patient(patientId);
        var (fever, hypoxia) = FeverThenHypoxia(prefix);
        await patient.EnrolAsync(Enrolment(centerId));
        time.SetUtcNow(Hour(2.5));
        await patient.IngestAsync(fever);
        time.SetUtcNow(Hour(3.5));
        await patient.IngestAsync(hypoxia);
        await Checks.EventuallyAsync(async () => (await Sae(cluster, centerId).GetDraftsAsync()).Count > 0, "the SAE grain hears of the CRS grade 3 alert");
        return Assert.Single(await Sae(cluster, centerId).GetDraftsAsync());
    }

    [Fact]
    public async Task Crs_grade_1_then_3_opens_one_draft_aware_at_the_grade_3_event_with_clocks_of_24_hours_7_and_15_days()
    {
        var time = new FakeTimeProvider(Hour(1));
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), time: time);

        var draft = await CrsGrade3Async(cluster, time, "SC1-P", "SC1-C", "sc1");

        // The grade-1 alert, unacknowledged for an hour, also escalated: only raises and grade changes matter here.
        var crs = (await cluster.Center("SC1-C").GetEventsAfterAsync(0)).Where(e => e.Kind == AlertKinds.Crs && e.Event != AlertEvents.Escalated).ToArray();
        Assert.Equal([(1, Hour(2.5)), (3, Hour(3.5))], crs.Select(e => (e.Grade!.Value, e.EventAt)));
        Assert.Equal(("SC1-C", "CART-SLE-01", "SC1-P", "crs", 3, Hour(3.5), crs[^1].AlertId, SaeDraftStatuses.Open),
            (draft.CenterId, draft.TrialId, draft.PatientId, draft.Trigger, draft.Grade!.Value, draft.AwarenessAt, draft.SourceAlertId, draft.Status));
        Assert.StartsWith("SC1-C~", draft.DraftId, StringComparison.Ordinal);
        Assert.DoesNotContain("SC1-P", draft.DraftId, StringComparison.Ordinal);
        Assert.Equal(crs[^1].Reason, draft.Readings);
        Assert.Equal(
            [("sponsor-notification", Hour(27.5)), ("expedited-7-day", Hour(3.5 + 7 * 24)), ("expedited-15-day", Hour(3.5 + 15 * 24))],
            draft.Clocks.Select(c => (c.Name, c.DueAt)));
        Assert.All(draft.Clocks, c => Assert.Equal((null, null, null), (c.CompletedAt, c.CompletedBy, c.OverdueAlertId)));

        // The same events again (a replay, an acknowledgement of the alert) change nothing.
        await Sae(cluster, "SC1-C").OnAlertsAsync(crs);
        await cluster.Center("SC1-C").TransitionAsync(crs[^1].AlertId, AlertStatuses.Acknowledged, "dr-a", null, null);
        await Task.Delay(300);
        Assert.Equal(Checks.Json(draft), Checks.Json(Assert.Single(await Sae(cluster, "SC1-C").GetDraftsAsync())));
    }

    [Fact]
    public async Task Crs_grade_1_alone_opens_no_draft()
    {
        var time = new FakeTimeProvider(Hour(1));
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), time: time);
        var patient = cluster.Patient("SC2-P");
        await patient.EnrolAsync(Enrolment("SC2-C"));
        time.SetUtcNow(Hour(2.5));
        await patient.IngestAsync(FeverThenHypoxia("sc2").Fever);
        Assert.Equal(1, Assert.Single(await cluster.Center("SC2-C").GetEventsAfterAsync(0)).Grade);

        // A grade 3 patient at the same center afterwards: its draft arrives, the grade 1 patient's never does.
        var draft = await CrsGrade3Async(cluster, time, "SC2-Q", "SC2-C", "sc2q");
        await Task.Delay(300);
        Assert.Equal("SC2-Q", Assert.Single(await Sae(cluster, "SC2-C").GetDraftsAsync()).PatientId);
        Assert.Equal(draft.DraftId, Assert.Single(await Sae(cluster, "SC2-C").GetDraftsAsync()).DraftId);
    }

    [Fact]
    public async Task Past_24_hours_one_overdue_alert_is_raised_on_time_however_often_it_is_checked()
    {
        var time = new FakeTimeProvider(Hour(1));
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), time: time);
        var draft = await CrsGrade3Async(cluster, time, "SC3-P", "SC3-C", "sc3");
        var sae = Sae(cluster, "SC3-C");

        // Just before the deadline nothing is overdue, even when asked.
        time.SetUtcNow(Hour(27.5).AddMinutes(-1));
        await sae.CheckAsync();
        await Task.Delay(300);
        Assert.Empty(await OverdueAlertsAsync(cluster, "SC3-C"));

        // The grain's own timer raises it: no check is called.
        time.SetUtcNow(Hour(27.5).AddMinutes(1));
        await Checks.EventuallyAsync(async () => (await OverdueAlertsAsync(cluster, "SC3-C")).Count > 0, "the sponsor-notification clock is overdue");

        for (var i = 0; i < 3; i++)
        {
            await sae.CheckAsync();
            await cluster.Center("SC3-C").CheckAsync();
        }

        await Task.Delay(500);
        var overdue = Assert.Single(await OverdueAlertsAsync(cluster, "SC3-C"));
        Assert.Equal(("SC3-P", AlertSeverities.Urgent, AlertStatuses.Open, (int?)null, Hour(27.5)),
            (overdue.PatientId, overdue.Severity, overdue.Status, overdue.Grade, overdue.EffectiveAt!.Value));
        Assert.StartsWith("SC3-C~", overdue.AlertId, StringComparison.Ordinal);
        Assert.Contains(draft.DraftId, overdue.Reason, StringComparison.Ordinal);
        Assert.Contains("sponsor notification overdue since 2026-01-13 11:30 UTC", overdue.Reason, StringComparison.Ordinal);
        Assert.Contains("CRS grade 3", overdue.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("SC3-P", overdue.Reason, StringComparison.Ordinal);

        var after = Assert.Single(await sae.GetDraftsAsync());
        Assert.Equal(SaeDraftStatuses.Overdue, after.Status);
        Assert.Equal([overdue.AlertId, null, null], after.Clocks.Select(c => c.OverdueAlertId));

        // Late is better than never: completing the clock resolves its overdue alert, by whoever completed it.
        Assert.Equal(SaeClockOutcome.Completed, (await sae.CompleteClockAsync(draft.DraftId, "sponsor-notification", "dr-pi")).Outcome);
        var resolved = Assert.Single(await OverdueAlertsAsync(cluster, "SC3-C"));
        Assert.Equal((AlertStatuses.Resolved, "dr-pi", true), (resolved.Status, resolved.By, resolved.Actionable));
    }

    [Fact]
    public async Task A_clock_completed_in_time_raises_no_overdue_alert_and_cannot_be_completed_twice()
    {
        var time = new FakeTimeProvider(Hour(1));
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), time: time);
        var draft = await CrsGrade3Async(cluster, time, "SC4-P", "SC4-C", "sc4");
        var sae = Sae(cluster, "SC4-C");

        time.SetUtcNow(Hour(20));
        var completed = await sae.CompleteClockAsync(draft.DraftId, "sponsor-notification", "dr-pi");
        Assert.Equal(SaeClockOutcome.Completed, completed.Outcome);
        Assert.Equal((Hour(20), "dr-pi"), (completed.Draft!.Clocks[0].CompletedAt!.Value, completed.Draft.Clocks[0].CompletedBy));

        var twice = await sae.CompleteClockAsync(draft.DraftId, "sponsor-notification", "dr-other");
        Assert.Equal(SaeClockOutcome.AlreadyCompleted, twice.Outcome);
        Assert.Equal("dr-pi", twice.Draft!.Clocks[0].CompletedBy);
        Assert.Equal(SaeClockOutcome.UnknownClock, (await sae.CompleteClockAsync(draft.DraftId, "expedited-30-day", "dr-pi")).Outcome);
        Assert.Equal(SaeClockOutcome.DraftNotFound, (await sae.CompleteClockAsync("SC4-C~sae-0000", "sponsor-notification", "dr-pi")).Outcome);

        // Past the 24 h and the 7-day deadlines: only the 7-day clock is overdue.
        time.SetUtcNow(Hour(3.5 + 7 * 24 + 1));
        await Checks.EventuallyAsync(async () => (await OverdueAlertsAsync(cluster, "SC4-C")).Count > 0, "the 7-day clock is overdue");
        await sae.CheckAsync();
        await Task.Delay(500);
        var overdue = Assert.Single(await OverdueAlertsAsync(cluster, "SC4-C"));
        Assert.Contains("7-day expedited report overdue", overdue.Reason, StringComparison.Ordinal);
        Assert.Equal([null, overdue.AlertId, null], Assert.Single(await sae.GetDraftsAsync()).Clocks.Select(c => c.OverdueAlertId));
    }

    [Fact]
    public async Task Drafts_survive_a_restart_a_deadline_passed_while_down_fires_on_activation_and_only_once()
    {
        var directory = GrainCluster.NewDataDirectory();
        var time = new FakeTimeProvider(Hour(1));
        SaeDraft draft;
        await using (var cluster = await GrainCluster.StartAsync(directory, time: time))
        {
            draft = await CrsGrade3Async(cluster, time, "SC5-P", "SC5-C", "sc5");
        }

        // Down over the deadline.
        time.SetUtcNow(Hour(30));
        string alertId;
        await using (var cluster = await GrainCluster.StartAsync(directory, time: time))
        {
            var survived = Assert.Single(await Sae(cluster, "SC5-C").GetDraftsAsync());
            Assert.Equal((draft.DraftId, draft.AwarenessAt, Checks.Json(draft.Clocks.Select(c => c.DueAt))),
                (survived.DraftId, survived.AwarenessAt, Checks.Json(survived.Clocks.Select(c => c.DueAt))));
            await Checks.EventuallyAsync(async () => (await OverdueAlertsAsync(cluster, "SC5-C")).Count > 0, "the overdue clock fires once the grain is active again");
            alertId = Assert.Single(await OverdueAlertsAsync(cluster, "SC5-C")).AlertId;
        }

        await using (var cluster = await GrainCluster.StartAsync(directory, time: time))
        {
            for (var i = 0; i < 3; i++)
            {
                await Sae(cluster, "SC5-C").CheckAsync();
                await cluster.Center("SC5-C").CheckAsync();
            }

            await Task.Delay(500);
            Assert.Equal(alertId, Assert.Single(await OverdueAlertsAsync(cluster, "SC5-C")).AlertId);
            Assert.Equal(alertId, Assert.Single(await Sae(cluster, "SC5-C").GetDraftsAsync()).Clocks[0].OverdueAlertId);
        }
    }
}
