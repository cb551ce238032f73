using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Grains.Notifications;
using TrialMonitor.Grains.Tests.Support;
using static TrialMonitor.Grains.Tests.Support.Course;

namespace TrialMonitor.Grains.Tests;

/// <summary>
/// Alert quality as metrics on the TrialMonitor meter: raised, escalations, time to acknowledge, resolutions; the
/// observations received, open alerts, patients in the risk window and by grade; no patient or alert in any label of
/// any TrialMonitor instrument, observable ones included.
/// </summary>
public sealed class AlertMetricsTests
{
    private const string Center = "MET-C";

    [Fact]
    public async Task Raising_escalating_acknowledging_and_resolving_an_alert_are_measured_by_kind_severity_center_and_level_never_by_patient()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AlertMetrics.MeterName) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        var time = new FakeTimeProvider(Hour(4));
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), time: time);
        var patient = cluster.Patient("MET-PATIENT-7");
        await patient.EnrolAsync(Enrolment(Center));
        var (fever, hypoxia) = FeverThenHypoxia("met");
        await patient.IngestAsync(Indexed([.. fever, .. hypoxia]));
        var center = cluster.Center(Center);
        var alert = Assert.Single(await center.GetAlertsAsync(AlertStatuses.Open, 0), a => a.Kind == "crs");
        time.Advance(TimeSpan.FromMinutes(10));
        await Checks.EventuallyAsync(async () => (await center.GetAlertsAsync(null, 0)).Single(a => a.AlertId == alert.AlertId).EscalationLevel == 1, "the escalation");
        time.Advance(TimeSpan.FromMinutes(2));
        await center.TransitionAsync(alert.AlertId, AlertStatuses.Acknowledged, "dr-a", null, null);
        // The center's gauges are published on its census timer; observable instruments report when collected.
        time.Advance(TimeSpan.FromSeconds(3));
        await Checks.EventuallyAsync(() =>
        {
            listener.RecordObservableInstruments();
            return Task.FromResult(measurements.Any(m => m.Instrument == "trialmonitor.alerts.open" && m.Tags.GetValueOrDefault("center") == Center && m.Tags["severity"] == "emergency" && m.Value == 1));
        }, "the open emergency alert in the gauge");
        await center.TransitionAsync(alert.AlertId, AlertStatuses.Resolved, "dr-a", null, false);

        var ours = measurements.Where(m => m.Tags.GetValueOrDefault("center") == Center).ToArray();
        Assert.Contains(ours, m => m.Instrument == "trialmonitor.alerts.raised" && m.Value == 1 && m.Tags["kind"] == "crs" && m.Tags["severity"] == "emergency");
        Assert.Contains(ours, m => m.Instrument == "trialmonitor.alerts.escalations" && m.Tags["kind"] == "crs" && m.Tags["level"] == "1");
        // From the first page to the acknowledgement: 12 minutes on the fake clock.
        Assert.Contains(ours, m => m.Instrument == "trialmonitor.alerts.time_to_acknowledge" && m.Value == 720 && m.Tags["kind"] == "crs");
        Assert.Contains(ours, m => m.Instrument == "trialmonitor.alerts.resolved" && m.Tags["actionable"] == "false");
        Assert.Contains(measurements, m => m.Instrument == "trialmonitor.alerts.notifications" && m.Tags["channel"] == "hub" && m.Tags["outcome"] == "taken");
        Assert.Contains(ours, m => m.Instrument == "trialmonitor.observations.received" && m.Tags["outcome"] == "accepted" && m.Tags["code_family"] == "vital-signs");
        Assert.Contains(ours, m => m.Instrument == "trialmonitor.patients.in_risk_window" && m.Value == 1);
        Assert.Contains(ours, m => m.Instrument == "trialmonitor.patients.by_grade" && m.Tags["syndrome"] == "crs" && m.Tags["grade"] != "0" && m.Value == 1);
        Assert.DoesNotContain(measurements, m => m.Tags.Values.Any(v => v.Contains("MET-PATIENT", StringComparison.Ordinal) || v.Contains(alert.AlertId, StringComparison.Ordinal)));

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags) labels[tag.Key] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            measurements.Enqueue((instrument.Name, value, labels));
        }
    }
}
