using System.Globalization;
using System.Net;
using System.Text;

namespace TrialMonitor.Safety.Report;

/// <summary>
/// The report as one printable HTML page, with its plots as inline SVG (no script, no external file): the same numbers
/// as the JSON, rounded for reading (proportions to 3 decimals, rates to 2).
/// </summary>
public static class SafetyReportHtml
{
    public static string Write(SafetyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Safety report ").Append(E(report.TrialId)).Append("</title>")
            .Append("<style>body{font-family:sans-serif;font-size:11pt}table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #999;padding:2px 6px;text-align:right}th:first-child,td:first-child{text-align:left}h2{page-break-before:auto}.crossed{color:#b00;font-weight:bold}</style></head><body>");
        html.Append("<h1>Safety report — trial ").Append(E(report.TrialId)).Append("</h1>");
        html.Append("<p>Data cut: <strong>").Append(report.DataCut.AsOf.ToString("O", CultureInfo.InvariantCulture)).Append("</strong> (").Append(E(report.DataCut.Rule)).Append(").</p>");
        html.Append("<p>Window ").Append(report.Settings.WindowDays).Append(" days (late events ").Append(report.Settings.LateWindowDays)
            .Append(" days); intervals at ").Append(P(report.Settings.Confidence, 2)).Append(". Aggregates only: no patient is named.</p>");

        html.Append("<h2>Stopping rules</h2><table><tr><th>endpoint</th><th>evaluable</th><th>events</th><th>benchmark</th><th>prior</th><th>P(rate &gt; benchmark)</th><th>threshold</th><th>stop at ≥</th><th>status</th><th>SPRT Λ</th><th>ln B, ln A</th><th>SPRT</th></tr>");
        foreach (var rule in report.StoppingRules)
        {
            html.Append("<tr><td>").Append(E(rule.Endpoint)).Append("</td><td>").Append(rule.EvaluablePatients).Append("</td><td>").Append(rule.Events)
                .Append("</td><td>").Append(P(rule.Benchmark, 3)).Append("</td><td>Beta(").Append(P(rule.PriorA, 1)).Append(", ").Append(P(rule.PriorB, 1))
                .Append(")</td><td>").Append(P(rule.PosteriorProbability, 3)).Append("</td><td>").Append(P(rule.Threshold, 2)).Append("</td><td>")
                .Append(rule.StopAtEvents?.ToString(CultureInfo.InvariantCulture) ?? "—").Append("</td><td").Append(rule.Crossed ? " class=\"crossed\">CROSSED" : ">continue")
                .Append("</td><td>").Append(P(rule.Sprt.LogLikelihoodRatio, 3)).Append("</td><td>").Append(P(rule.Sprt.LnB, 3)).Append(", ").Append(P(rule.Sprt.LnA, 3))
                .Append("</td><td>").Append(E(rule.Sprt.Decision)).Append("</td></tr>");
        }

        html.Append("</table>");
        foreach (var rule in report.StoppingRules) html.Append(BoundaryPlot(rule));

        html.Append("<h2>Comparison with published reference rates (rules.md 11.3)</h2><table><tr><th>endpoint</th><th>events / patients</th><th>proportion</th><th>95 % CI</th><th>reference</th><th>verdict</th></tr>");
        foreach (var r in report.ReferenceComparison)
        {
            html.Append("<tr><td>").Append(E(r.Endpoint)).Append("</td><td>").Append(r.Events).Append(" / ").Append(r.Patients).Append("</td><td>").Append(P(r.Proportion, 3))
                .Append("</td><td>[").Append(P(r.Lower, 3)).Append(", ").Append(P(r.Upper, 3)).Append("]</td><td>").Append(P(r.ReferenceLow, 2)).Append('–').Append(P(r.ReferenceHigh, 2))
                .Append("</td><td>").Append(E(r.Verdict)).Append("</td></tr>");
        }

        html.Append("</table>");
        Group(html, report.Trial, plots: true);
        foreach (var (title, groups) in new[] { ("By center", report.ByCenter), ("By indication", report.ByIndication), ("By product / dose cohort", report.ByCohort) })
        {
            html.Append("<h2>").Append(title).Append("</h2>");
            foreach (var group in groups) Group(html, group, plots: false);
        }

        html.Append("<h2>Sources of the counts</h2><ul>");
        foreach (var source in report.Sources) html.Append("<li><strong>").Append(E(source.Endpoint)).Append("</strong>: ").Append(E(source.Source)).Append("</li>");
        html.Append("</ul></body></html>");
        return html.ToString();
    }

    public static string P(double? value, int decimals) =>
        value is { } v ? v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "—";

    private static void Group(StringBuilder html, GroupReport group, bool plots)
    {
        html.Append("<h3>").Append(E(group.Dimension)).Append(' ').Append(E(group.Group)).Append("</h3><p>Patients infused ").Append(group.PatientsInfused)
            .Append("; exposure ").Append(P(group.ExposurePatientDays, 1)).Append(" patient-days in the window, ").Append(P(group.LateExposurePatientDays, 1)).Append(" in the late window.</p>");
        html.Append("<table><tr><th>endpoint</th><th>events</th><th>patients</th><th>proportion</th><th>95 % CI</th></tr>");
        foreach (var row in group.Incidence)
        {
            html.Append("<tr><td>").Append(E(row.Endpoint)).Append("</td><td>").Append(row.Events).Append("</td><td>").Append(row.Patients).Append("</td><td>")
                .Append(P(row.Proportion, 3)).Append("</td><td>[").Append(P(row.Lower, 3)).Append(", ").Append(P(row.Upper, 3)).Append("]</td></tr>");
        }

        html.Append("</table><table><tr><th>rate</th><th>events</th><th>patient-years</th><th>per 100 PY</th><th>95 % CI</th><th>one-sided p vs other centers</th><th>source</th></tr>");
        foreach (var rate in group.Rates)
        {
            html.Append("<tr><td>").Append(E(rate.Endpoint)).Append("</td><td>").Append(rate.Events).Append("</td><td>").Append(P(rate.PatientYears, 3)).Append("</td><td>")
                .Append(P(rate.PerHundredPatientYears, 2)).Append("</td><td>[").Append(P(rate.Lower, 2)).Append(", ").Append(P(rate.Upper, 2)).Append("]</td><td>")
                .Append(P(rate.OneSidedPAboveOtherCenters, 3)).Append("</td><td>").Append(E(rate.Source)).Append("</td></tr>");
        }

        html.Append("</table><table><tr><th>onset</th><th>cases</th>");
        foreach (var point in group.Onset[0].CumulativeIncidence) html.Append("<th>day ").Append(point.Day).Append("</th>");
        html.Append("<th>median onset day (cases)</th></tr>");
        foreach (var onset in group.Onset)
        {
            html.Append("<tr><td>").Append(E(onset.Toxicity)).Append("</td><td>").Append(onset.Cases).Append("</td>");
            foreach (var point in onset.CumulativeIncidence) html.Append("<td>").Append(P(point.CumulativeIncidence, 3)).Append("</td>");
            html.Append("<td>").Append(P(onset.MedianOnsetDayAmongCases, 2)).Append("</td></tr>");
        }

        html.Append("</table><table><tr><th>duration (days)</th><th>resolved</th><th>ongoing</th><th>median</th><th>IQR</th></tr>");
        foreach (var d in group.Duration)
        {
            html.Append("<tr><td>").Append(E(d.Toxicity)).Append("</td><td>").Append(d.Resolved).Append("</td><td>").Append(d.Ongoing).Append("</td><td>").Append(P(d.MedianDays, 2))
                .Append("</td><td>").Append(P(d.LowerQuartileDays, 2)).Append('–').Append(P(d.UpperQuartileDays, 2)).Append("</td></tr>");
        }

        html.Append("</table>");
        if (plots) html.Append(OnsetPlot(group));
    }

    /// <summary>Cumulative incidence of onset (Kaplan-Meier) at the report's days, as steps.</summary>
    private static string OnsetPlot(GroupReport group)
    {
        const double width = 420, height = 220, left = 40, bottom = 190, top = 10, right = 400;
        var lastDay = group.Onset.SelectMany(o => o.CumulativeIncidence).Select(p => p.Day).DefaultIfEmpty(28).Max();
        double X(double day) => left + ((right - left) * day / lastDay);
        double Y(double p) => bottom - ((bottom - top) * p);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"cumulative incidence of onset\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"black\"/><line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{bottom}\" stroke=\"black\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 35}\" y=\"{top + 5}\" font-size=\"10\">1.0</text><text x=\"{left - 35}\" y=\"{bottom}\" font-size=\"10\">0</text>");
        var colours = new[] { "#c0392b", "#2c3e50" };
        var i = 0;
        foreach (var onset in group.Onset)
        {
            var points = new StringBuilder(FormattableString.Invariant($"{X(0):F1},{Y(0):F1}"));
            var previous = 0.0;
            foreach (var point in onset.CumulativeIncidence)
            {
                points.Append(CultureInfo.InvariantCulture, $" {X(point.Day):F1},{Y(previous):F1} {X(point.Day):F1},{Y(point.CumulativeIncidence):F1}");
                previous = point.CumulativeIncidence;
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(point.Day) - 8:F1}\" y=\"{bottom + 12}\" font-size=\"9\">d{point.Day}</text>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colours[i % 2]}\" stroke-width=\"2\" points=\"{points}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{right - 60}\" y=\"{top + 12 + (12 * i)}\" font-size=\"10\" fill=\"{colours[i % 2]}\">{E(onset.Toxicity)}</text>");
            i++;
        }

        svg.Append("</svg><figcaption>Cumulative incidence of first onset from infusion (Kaplan-Meier), trial.</figcaption></figure>");
        return svg.ToString();
    }

    /// <summary>The boundary b(n) as a staircase, with the trial's (n, x) marked.</summary>
    private static string BoundaryPlot(StoppingRuleStatus rule)
    {
        const double width = 420, height = 200, left = 40, bottom = 170, top = 10, right = 400;
        var maxN = rule.BoundaryTable.Count;
        var maxX = Math.Max(rule.Events, rule.BoundaryTable.Select(b => b.StopAtEvents ?? 0).DefaultIfEmpty(1).Max()) + 1;
        double X(double n) => left + ((right - left) * n / maxN);
        double Y(double x) => bottom - ((bottom - top) * x / maxX);
        var steps = string.Join(' ', rule.BoundaryTable.Where(b => b.StopAtEvents is not null)
            .SelectMany(b => new[] { FormattableString.Invariant($"{X(b.Patients - 0.5):F1},{Y(b.StopAtEvents!.Value):F1}"), FormattableString.Invariant($"{X(b.Patients + 0.5):F1},{Y(b.StopAtEvents!.Value):F1}") }));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"stopping boundary {E(rule.Endpoint)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"black\"/><line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{bottom}\" stroke=\"black\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" points=\"{steps}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(rule.EvaluablePatients):F1}\" cy=\"{Y(rule.Events):F1}\" r=\"4\" fill=\"{(rule.Crossed ? "#c0392b" : "#2c3e50")}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{bottom + 14}\" font-size=\"10\">evaluable patients (n) → {maxN}</text><text x=\"{left + 4}\" y=\"{top + 8}\" font-size=\"10\">events</text>");
        svg.Append("</svg><figcaption>").Append(E(rule.Endpoint)).Append(": stop when events reach b(n) (red); the trial now (dot): ")
            .Append(rule.Events).Append(" in ").Append(rule.EvaluablePatients).Append(".</figcaption></figure>");
        return svg.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
