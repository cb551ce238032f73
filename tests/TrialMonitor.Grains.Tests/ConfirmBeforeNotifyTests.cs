using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Notifications;
using TrialMonitor.Grains.Tests.Support;
using static TrialMonitor.Grains.Tests.Support.Course;

namespace TrialMonitor.Grains.Tests;

/// <summary>
/// A lone out-of-pattern NEWS2 reading (systolic 88 alone: a single red parameter, urgent) waits up to 15 min
/// (Alerts:ConfirmWithin:news2) for a confirming reading before it pages; an emergency never waits.
/// </summary>
public sealed class ConfirmBeforeNotifyTests
{
    [Fact]
    public async Task A_lone_reading_pages_when_the_next_one_confirms_it_is_dropped_unpaged_when_the_next_one_refutes_it_and_pages_as_a_precaution_when_none_comes()
    {
        var time = new FakeTimeProvider(Hour(30));
        var pages = new RecordingChannel();
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), time: time, configureServices: s => s.AddSingleton<IAlertChannel>(pages));
        var center = cluster.Center("CN1-C");
        foreach (var id in (string[])["CN1-CONFIRMED", "CN1-REFUTED", "CN1-SILENT"])
        {
            var patient = cluster.Patient(id);
            await patient.EnrolAsync(Enrolment("CN1-C"));
            await patient.IngestAsync(VitalSigns.At($"{id}-a", Hour(29.5), systolic: 88));
        }

        var held = await News2Async(center);
        Assert.Equal(3, held.Count);
        Assert.All(held, a =>
        {
            Assert.Equal((AlertStatuses.Open, AlertSeverities.Urgent), (a.Status, a.Severity));
            Assert.Equal(time.GetUtcNow().AddMinutes(15), a.AwaitingConfirmationUntil);
            Assert.Empty(a.NotifiedRoles);
            Assert.Null(a.EscalatesAt);
        });
        await center.CheckAsync();
        Assert.Empty(pages.Pages);

        time.Advance(TimeSpan.FromMinutes(5));
        await cluster.Patient("CN1-CONFIRMED").IngestAsync(VitalSigns.At("CN1-CONFIRMED-b", Hour(29.5).AddMinutes(5), systolic: 87));
        await cluster.Patient("CN1-REFUTED").IngestAsync(VitalSigns.At("CN1-REFUTED-b", Hour(29.5).AddMinutes(5), systolic: 124));

        var confirmed = (await News2Async(center)).Single(a => a.PatientId == "CN1-CONFIRMED");
        Assert.Equal((AlertEvents.Confirmed, AlertStatuses.Open), (confirmed.Event, confirmed.Status));
        Assert.Equal(["bedside-nurse", "cart-physician-on-call"], confirmed.NotifiedRoles);
        Assert.Null(confirmed.AwaitingConfirmationUntil);
        Assert.Equal(time.GetUtcNow().AddMinutes(30), confirmed.EscalatesAt);
        var refuted = (await News2Async(center)).Single(a => a.PatientId == "CN1-REFUTED");
        Assert.Equal((AlertStatuses.Resolved, "system"), (refuted.Status, refuted.By));
        Assert.Contains("not confirmed", refuted.Note, StringComparison.Ordinal);
        Assert.Equal([confirmed.AlertId], pages.Pages.Select(p => p.Alert.AlertId));

        // Nothing came for the third: at 15 min it pages anyway, since silence is not reassurance.
        time.Advance(TimeSpan.FromMinutes(10));
        await Checks.EventuallyAsync(async () => (await News2Async(center)).Single(a => a.PatientId == "CN1-SILENT").Event == AlertEvents.Confirmed, "the fail-safe page");
        var silent = (await News2Async(center)).Single(a => a.PatientId == "CN1-SILENT");
        Assert.Contains("precaution", silent.Note, StringComparison.Ordinal);
        Assert.Equal(Hour(30).AddMinutes(15), silent.EventAt);
        await Checks.EventuallyAsync(() => Task.FromResult(pages.Pages.Count == 2), "the second page");
        Assert.DoesNotContain(pages.Pages, p => p.Alert.PatientId == "CN1-REFUTED");

        var quality = Assert.Single(await center.GetAlertQualityAsync(), q => q.Kind == "news2");
        Assert.Equal((3, 1), (quality.Raised, quality.NotConfirmed));

        // The refuted patient's condition returning later is a new alert, held for confirmation again.
        await cluster.Patient("CN1-REFUTED").IngestAsync(VitalSigns.At("CN1-REFUTED-c", Hour(29.5).AddMinutes(40), systolic: 86));
        var again = (await News2Async(center)).Where(a => a.PatientId == "CN1-REFUTED").ToArray();
        Assert.Equal(2, again.Length);
        Assert.NotNull(again.Single(a => a.Status == AlertStatuses.Open).AwaitingConfirmationUntil);
    }

    [Fact]
    public async Task An_emergency_never_waits_for_confirmation()
    {
        var time = new FakeTimeProvider(Hour(30));
        var pages = new RecordingChannel();
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), time: time, configureServices: s => s.AddSingleton<IAlertChannel>(pages));
        var patient = cluster.Patient("CN2-P");
        await patient.EnrolAsync(Enrolment("CN2-C"));
        // Respiratory rate 26 (3) + systolic 88 (3) + temperature 36.0 (1) = NEWS2 7: emergency.
        await patient.IngestAsync(VitalSigns.At("cn2", Hour(29.5), systolic: 88, respiratoryRate: 26, temperature: 36.0m));
        var alert = Assert.Single(await News2Async(cluster.Center("CN2-C")));
        Assert.Equal(AlertSeverities.Emergency, alert.Severity);
        Assert.Null(alert.AwaitingConfirmationUntil);
        Assert.Equal(["cart-attending", "icu-outreach"], alert.NotifiedRoles);
        await Checks.EventuallyAsync(() => Task.FromResult(pages.Pages.Any(p => p.Alert.Kind == "news2")), "the page, at once");
    }

    private static async Task<IReadOnlyList<Alert>> News2Async(Contracts.Centers.ICenterGrain center) =>
        (await center.GetAlertsAsync(null, 0)).Where(a => a.Kind == "news2").ToArray();
}
