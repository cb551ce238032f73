using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TrialMonitor.Grains.Notifications;

/// <summary>
/// Alert quality as metrics on the <c>TrialMonitor</c> meter. Labels are kind, severity, center and escalation level:
/// never a patient or alert id.
/// </summary>
public static class AlertMetrics
{
    public const string MeterName = "TrialMonitor";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> RaisedCounter = Meter.CreateCounter<long>(
        "trialmonitor.alerts.raised", "{alert}", "Alerts raised, by kind, severity and center.");

    private static readonly Counter<long> EscalationCounter = Meter.CreateCounter<long>(
        "trialmonitor.alerts.escalations", "{escalation}", "Unacknowledged alerts escalated to the next level of their chain.");

    private static readonly Histogram<double> TimeToAcknowledge = Meter.CreateHistogram(
        "trialmonitor.alerts.time_to_acknowledge", "s", "From an alert's first page to its acknowledgement.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200] });

    private static readonly Counter<long> ResolvedCounter = Meter.CreateCounter<long>(
        "trialmonitor.alerts.resolved", "{alert}", "Alerts resolved, by whether the clinician judged them actionable (true, false, or auto).");

    private static readonly Counter<long> NotificationCounter = Meter.CreateCounter<long>(
        "trialmonitor.alerts.notifications", "{notification}", "Pages handed to a delivery channel, by channel and outcome.");

    public static void Raised(string kind, string severity, string centerId) =>
        RaisedCounter.Add(1, new TagList { { "kind", kind }, { "severity", severity }, { "center", centerId } });

    public static void Escalated(string kind, string severity, string centerId, int level) =>
        EscalationCounter.Add(1, new TagList { { "kind", kind }, { "severity", severity }, { "center", centerId }, { "level", level } });

    public static void Acknowledged(string kind, string severity, string centerId, TimeSpan afterPage) =>
        TimeToAcknowledge.Record(afterPage.TotalSeconds, new TagList { { "kind", kind }, { "severity", severity }, { "center", centerId } });

    public static void Resolved(string kind, string centerId, bool? actionable) =>
        ResolvedCounter.Add(1, new TagList { { "kind", kind }, { "center", centerId }, { "actionable", actionable switch { true => "true", false => "false", null => "auto" } } });

    public static void Notified(string channel, int count, bool delivered) =>
        NotificationCounter.Add(count, new TagList { { "channel", channel }, { "outcome", delivered ? "taken" : "failed" } });
}
