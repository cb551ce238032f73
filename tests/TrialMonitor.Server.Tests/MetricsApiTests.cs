using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>
/// The TrialMonitor meter through the real server (issue 8 "Metrics"): observations by outcome, code family and
/// center; the end-to-end alert latency; open alerts, patients by grade and in the risk window; hub connections.
/// No label value anywhere is a patient id or an alert id.
/// </summary>
public sealed class MetricsApiTests
{
    private const string Center = "MTR-CTR";
    private const string Patient = "MTRPATIENT-9";

    [Fact]
    public async Task A_course_through_the_api_and_the_hub_is_measured_by_outcome_family_center_and_kind_never_by_patient_or_alert()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "TrialMonitor") l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        using var client = factory.CreateClient();
        await using var hub = factory.CreateHubConnection();
        var pushed = new ConcurrentQueue<JsonElement>();
        hub.On<JsonElement>("alert", pushed.Enqueue);
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement[]>("JoinCenter", Center, 0L);

        await TrialMonitorApi.EnrolAsync(client, Patient, Center, Vignettes.InfusionAt);
        var course = Vignettes.For(Vignettes.Named("V7"), Patient, "mtr-");
        await TrialMonitorApi.PostObservationsAsync(client, course);
        // A duplicate, a reading outside its hard limits, and a patient nobody enrolled.
        await TrialMonitorApi.PostObservationsAsync(client,
        [
            course[0].DeepClone(),
            TrialMonitorApi.Observation("mtr-bad", Patient, "59408-5", 150m, "%", Vignettes.InfusionAt.AddHours(5)),
            TrialMonitorApi.Observation("mtr-nobody", "MTRNOBODY-1", "8310-5", 38m, "Cel", Vignettes.InfusionAt.AddHours(5)),
        ]);
        await EventuallyAsync(() => Task.FromResult(!pushed.IsEmpty), "an alert pushed to the hub");
        var alertIds = pushed.Select(a => a.GetProperty("alertId").GetString()!).ToHashSet(StringComparer.Ordinal);

        // The center publishes its gauges on its 2-second timer; observable instruments report when collected.
        await EventuallyAsync(() =>
        {
            listener.RecordObservableInstruments();
            return Task.FromResult(measurements.Any(m => m.Instrument == "trialmonitor.alerts.open" && m.Tags.GetValueOrDefault("center") == Center && m.Value > 0));
        }, "the open alerts gauge of the center");

        var received = measurements.Where(m => m.Instrument == "trialmonitor.observations.received").ToArray();
        Assert.Contains(received, m => m.Tags["center"] == Center && m.Tags["outcome"] == "accepted" && m.Tags["code_family"] == "vital-signs" && m.Value > 0);
        Assert.Contains(received, m => m.Tags["center"] == Center && m.Tags["outcome"] == "duplicate" && m.Value == 1);
        Assert.Contains(received, m => m.Tags["center"] == Center && m.Tags["outcome"] == "rejected" && m.Tags["code_family"] == "vital-signs" && m.Value == 1);
        Assert.Contains(received, m => m.Tags["center"] == "_unknown" && m.Tags["outcome"] == "rejected" && m.Tags["code_family"] == "vital-signs");
        Assert.Equal(course.Count, (int)received.Where(m => m.Tags["center"] == Center && m.Tags["outcome"] == "accepted").Sum(m => m.Value));

        var latencies = measurements.Where(m => m.Instrument == "trialmonitor.alerts.end_to_end.duration").ToArray();
        Assert.NotEmpty(latencies);
        Assert.All(latencies, m => Assert.InRange(m.Value, 0, 60));
        Assert.Contains(latencies, m => pushed.Any(a => a.GetProperty("kind").GetString() == m.Tags["kind"]));

        Assert.Contains(measurements, m => m.Instrument == "trialmonitor.hub.connections" && m.Value >= 1);
        Assert.Contains(measurements, m => m.Instrument == "trialmonitor.patients.in_risk_window" && m.Tags["center"] == Center);
        // One patient: one row per syndrome across its grades.
        var grades = measurements.Where(m => m.Instrument == "trialmonitor.patients.by_grade" && m.Tags["center"] == Center).ToArray();
        Assert.Equal(1, grades.Where(m => m.Tags["syndrome"] == "crs").GroupBy(m => m.Tags["grade"]).Sum(g => g.Last().Value));

        // The alert JSON on the hub has no internal timing field (AcceptedAt is never part of the API).
        Assert.All(pushed, a => Assert.False(a.TryGetProperty("acceptedAt", out _)));
        var leaks = measurements.Where(m => m.Tags.Values.Any(v => v.Contains("MTRPATIENT", StringComparison.Ordinal)
            || v.Contains("MTRNOBODY", StringComparison.Ordinal) || alertIds.Any(id => v.Contains(id, StringComparison.Ordinal)))).ToArray();
        Assert.True(leaks.Length == 0, "patient or alert id in a label: " + string.Join("; ", leaks.Take(3).Select(l => $"{l.Instrument} {string.Join(",", l.Tags)}")));

        static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!await condition())
            {
                Assert.True(DateTime.UtcNow < deadline, "not within 15 s: " + what);
                await Task.Delay(100);
            }
        }

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags) labels[tag.Key] = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
            measurements.Enqueue((instrument.Name, value, labels));
        }
    }
}
