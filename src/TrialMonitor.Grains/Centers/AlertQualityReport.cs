using TrialMonitor.Contracts.Alerts;

namespace TrialMonitor.Grains.Centers;

/// <summary>Alert quality per kind from a center's alert events (issue 4 "Measured alert quality").</summary>
public static class AlertQualityReport
{
    public static IReadOnlyList<AlertQuality> From(IEnumerable<Alert> events, string autoResolver)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.GroupBy(e => e.Kind, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(kind =>
        {
            var byAlert = kind.GroupBy(e => e.AlertId, StringComparer.Ordinal).ToArray();
            var raised = byAlert.Count(a => a.Any(e => e.Event == AlertEvents.Raised));
            var toAcknowledge = byAlert
                .Select(a => (Raised: a.FirstOrDefault(e => e.Event == AlertEvents.Raised), Ack: a.FirstOrDefault(e => e.Event == AlertEvents.Acknowledged)))
                .Where(p => p.Raised is not null && p.Ack is not null)
                .Select(p => (p.Ack!.EventAt - p.Raised!.EventAt).TotalSeconds)
                .Order().ToArray();
            var resolutions = byAlert.Select(a => a.LastOrDefault(e => e.Event == AlertEvents.Resolved)).Where(e => e is not null).ToArray();
            var judged = resolutions.Where(r => r!.Actionable is not null).ToArray();
            var actionable = judged.Count(r => r!.Actionable == true);
            // Held for a confirming reading, never confirmed, resolved without anybody being paged.
            var notConfirmed = byAlert.Count(a => a.Any(e => e.Event == AlertEvents.Raised && e.AwaitingConfirmationUntil is not null)
                && !a.Any(e => e.Event is AlertEvents.Confirmed or AlertEvents.Updated) && a.Any(e => e.Event == AlertEvents.Resolved));
            return new AlertQuality(
                kind.Key, raised, toAcknowledge.Length, Percentile(toAcknowledge, 50), Percentile(toAcknowledge, 90),
                resolutions.Length, actionable, judged.Length - actionable, resolutions.Count(r => r!.By == autoResolver),
                judged.Length == 0 ? null : (double)actionable / judged.Length,
                kind.Count(e => e.Event == AlertEvents.Escalated), notConfirmed);
        }).ToArray();
    }

    /// <summary>Nearest-rank percentile of an ascending array; null when empty.</summary>
    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
