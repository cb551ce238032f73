using System.Diagnostics;
using System.Diagnostics.Metrics;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Grains.Notifications;

namespace TrialMonitor.Server.Hubs;

/// <summary>
/// The hub's side of the <c>TrialMonitor</c> meter: the end-to-end alert latency (from the arrival of the ingest
/// request whose readings caused an alert event to that event's send to the hub group) and the hub's connections.
/// Labels: kind and severity; never a patient, an alert or a center's sequence. One per process (a singleton, created
/// with the push service at start-up, so that the connection count reads 0 before the first client rather than nothing).
/// </summary>
public sealed class HubMetrics
{
    private readonly Histogram<double> _alertLatency;
    private int _connections;

    public HubMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(AlertMetrics.MeterName);
        // Seconds. An alert should be on screen within seconds of the reading; the buckets resolve the usual
        // 10–500 ms and still show a stall of half a minute.
        _alertLatency = meter.CreateHistogram(
            "trialmonitor.alerts.end_to_end.duration", "s",
            "From the arrival of the ingest request whose readings caused an alert event to the event's send to the hub, by kind and severity.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        meter.CreateObservableUpDownCounter(
            "trialmonitor.hub.connections", () => Volatile.Read(ref _connections), "{connection}", "Open connections to the monitoring hub in this process.");
    }

    /// <summary>Records the latency of an event caused by an ingest request (raised, updated, confirmed by a reading).</summary>
    public void AlertSent(Alert alert, DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.AcceptedAt is not { } acceptedAt || !_alertLatency.Enabled) return;
        _alertLatency.Record(Math.Max(0, (sentAt - acceptedAt).TotalSeconds), new TagList { { "kind", alert.Kind }, { "severity", alert.Severity } });
    }

    public void Connected() => Interlocked.Increment(ref _connections);

    public void Disconnected() => Interlocked.Decrement(ref _connections);
}
