using System.Diagnostics;
using System.Diagnostics.Metrics;
using TrialMonitor.Grains.Notifications;

namespace TrialMonitor.Grains.Telemetry;

/// <summary>
/// <c>trialmonitor.observations.received</c>: every observation of an ingest request, by outcome (accepted,
/// duplicate, rejected), code family and center. Never a patient: a request's items are tallied first and added
/// once per label set.
/// </summary>
public static class IngestMetrics
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";

    /// <summary>The center label of items whose patient is unknown (rejected before any center could be found).</summary>
    public const string UnknownCenter = "_unknown";

    private static readonly Meter Meter = new(AlertMetrics.MeterName);

    private static readonly Counter<long> Received = Meter.CreateCounter<long>(
        "trialmonitor.observations.received", "{observation}", "Observations received through the ingest API, by outcome (accepted, duplicate, rejected), code family and center.");

    /// <summary>Counts of one request (or one patient's share of it), added to the counter by <see cref="Flush"/>.</summary>
    public sealed class Tally(string centerId)
    {
        private readonly Dictionary<(string Outcome, string Family), int> _counts = [];

        public void Add(string outcome, string? code, int count = 1)
        {
            if (count == 0) return;
            var key = (outcome, CodeFamilies.Of(code));
            _counts[key] = _counts.GetValueOrDefault(key) + count;
        }

        public void Flush()
        {
            if (!Received.Enabled) return;
            foreach (var ((outcome, family), count) in _counts)
                Received.Add(count, new TagList { { "outcome", outcome }, { "code_family", family }, { "center", centerId } });
        }
    }
}
