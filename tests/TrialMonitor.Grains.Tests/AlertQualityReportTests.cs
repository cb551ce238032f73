using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Grains.Centers;

namespace TrialMonitor.Grains.Tests;

/// <summary>Alert quality from an alert log: counts, time to acknowledge, positive predictive value.</summary>
public sealed class AlertQualityReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private static Alert Event(string id, string kind, string @event, double minutes, string by = "dr-a", bool? actionable = null) => new()
    {
        AlertId = id, TrialId = "T", CenterId = "C", PatientId = "P", Kind = kind, Severity = "urgent",
        Status = @event == AlertEvents.Resolved ? AlertStatuses.Resolved : AlertStatuses.Open, RaisedAt = T0, Reason = "r",
        Event = @event, EventAt = T0.AddMinutes(minutes), By = by, Actionable = actionable,
    };

    [Fact]
    public void Counts_times_to_acknowledge_and_positive_predictive_value_per_kind()
    {
        Alert[] events =
        [
            Event("a", "crs", AlertEvents.Raised, 0), Event("a", "crs", AlertEvents.Acknowledged, 2), Event("a", "crs", AlertEvents.Resolved, 60, actionable: true),
            Event("b", "crs", AlertEvents.Raised, 10), Event("b", "crs", AlertEvents.Updated, 15), Event("b", "crs", AlertEvents.Acknowledged, 20),
            Event("b", "crs", AlertEvents.Resolved, 90, actionable: false),
            Event("c", "crs", AlertEvents.Raised, 30), Event("c", "crs", AlertEvents.Acknowledged, 36),
            Event("d", "news2", AlertEvents.Raised, 0), Event("d", "news2", AlertEvents.Resolved, 70, by: "system"),
        ];

        var report = AlertQualityReport.From(events, "system");

        var crs = report.Single(q => q.Kind == "crs");
        Assert.Equal((3, 3, 2), (crs.Raised, crs.Acknowledged, crs.Resolved));
        Assert.Equal(360, crs.TimeToAcknowledgeP50Seconds);
        Assert.Equal(600, crs.TimeToAcknowledgeP90Seconds);
        Assert.Equal((1, 1, 0), (crs.ResolvedActionable, crs.ResolvedNotActionable, crs.AutoResolved));
        Assert.Equal(0.5, crs.PositivePredictiveValue);
        var news2 = report.Single(q => q.Kind == "news2");
        Assert.Equal((1, 0, 1, 1), (news2.Raised, news2.Acknowledged, news2.Resolved, news2.AutoResolved));
        Assert.Null(news2.TimeToAcknowledgeP50Seconds);
        Assert.Null(news2.PositivePredictiveValue);
    }
}
