using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Grains.Notifications;

namespace TrialMonitor.Grains.Telemetry;

/// <summary>What one active center grain last published of itself for the gauges: counts only, no patient.</summary>
public sealed record CenterFigures(
    IReadOnlyDictionary<string, int> OpenAlertsBySeverity,
    int PatientsInRiskWindow,
    IReadOnlyDictionary<(string Syndrome, int Grade), int> PatientsByGrade)
{
    public static CenterFigures From(IEnumerable<Alert> current, IEnumerable<PatientSummary> patients, DateTimeOffset now, int riskWindowDays)
    {
        var open = current.Where(a => a.Status != AlertStatuses.Resolved).GroupBy(a => a.Severity, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var inWindow = 0;
        var byGrade = new Dictionary<(string, int), int>();
        foreach (var patient in patients)
        {
            if ((now - patient.InfusionAt).TotalDays < riskWindowDays + 1) inWindow++;
            Count(byGrade, "crs", patient.CrsGrade);
            Count(byGrade, "icans", patient.IcansGrade);
            Count(byGrade, "icaht", patient.IcahtGrade);
        }

        return new CenterFigures(open, inWindow, byGrade);
    }

    private static void Count(Dictionary<(string, int), int> byGrade, string syndrome, int grade) =>
        byGrade[(syndrome, grade)] = byGrade.GetValueOrDefault((syndrome, grade)) + 1;
}

/// <summary>
/// Gauges of the centers active in this process: <c>trialmonitor.alerts.open</c> (not yet resolved, by center and
/// severity), <c>trialmonitor.patients.in_risk_window</c> (by center) and <c>trialmonitor.patients.by_grade</c> (current
/// CRS, ICANS and ICAHT grade, by center). A center grain publishes its figures from its own thread and withdraws them
/// when it deactivates, so that the sum over a cluster's processes counts each center once; the scrape thread only
/// reads the published snapshots.
/// </summary>
public static class CenterGauges
{
    private static readonly ConcurrentDictionary<string, CenterFigures> Figures = new(StringComparer.Ordinal);

    private static readonly Meter Meter = new(AlertMetrics.MeterName);

    private static readonly ObservableGauge<int> OpenAlerts = Meter.CreateObservableGauge(
        "trialmonitor.alerts.open", ObserveOpenAlerts, "{alert}", "Alerts not yet resolved (open or acknowledged), by center and severity.");

    private static readonly ObservableGauge<int> InRiskWindow = Meter.CreateObservableGauge(
        "trialmonitor.patients.in_risk_window", ObserveRiskWindow, "{patient}", "Patients within days 0–28 after infusion (rules.md 11.3), by center.");

    private static readonly ObservableGauge<int> ByGrade = Meter.CreateObservableGauge(
        "trialmonitor.patients.by_grade", ObserveGrades, "{patient}", "Patients by their current grade of a syndrome (crs, icans, icaht; 0 = none), by center.");

    public static void Publish(string centerId, CenterFigures figures) => Figures[centerId] = figures;

    public static void Withdraw(string centerId) => Figures.TryRemove(centerId, out _);

    private static IEnumerable<Measurement<int>> ObserveOpenAlerts()
    {
        foreach (var (center, figures) in Figures)
        {
            // Every severity, zero included, so that a panel shows a drop to zero rather than a gap.
            foreach (var severity in new[] { AlertSeverities.Info, AlertSeverities.Urgent, AlertSeverities.Emergency })
                yield return new Measurement<int>(figures.OpenAlertsBySeverity.GetValueOrDefault(severity), new KeyValuePair<string, object?>("center", center), new KeyValuePair<string, object?>("severity", severity));
        }
    }

    private static IEnumerable<Measurement<int>> ObserveRiskWindow() =>
        Figures.Select(f => new Measurement<int>(f.Value.PatientsInRiskWindow, new KeyValuePair<string, object?>("center", f.Key)));

    private static IEnumerable<Measurement<int>> ObserveGrades() =>
        Figures.SelectMany(f => f.Value.PatientsByGrade.Select(g => new Measurement<int>(g.Value,
            new KeyValuePair<string, object?>("center", f.Key),
            new KeyValuePair<string, object?>("syndrome", g.Key.Syndrome),
            new KeyValuePair<string, object?>("grade", g.Key.Grade.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
}
