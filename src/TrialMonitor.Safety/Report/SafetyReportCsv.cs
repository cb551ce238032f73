using System.Globalization;
using System.Text;

namespace TrialMonitor.Safety.Report;

/// <summary>
/// The report as one CSV table (RFC 4180), every number at full (round-trip) precision so that it carries the same
/// numbers as the JSON. Columns: section, dimension, group, endpoint, measure, value, lower, upper, note.
/// </summary>
public static class SafetyReportCsv
{
    public const string Header = "section,dimension,group,endpoint,measure,value,lower,upper,note";

    public static string Write(SafetyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        csv.Append(Header).Append("\r\n");
        void Row(string section, string dimension, string group, string endpoint, string measure, double? value, double? lower = null, double? upper = null, string note = "") =>
            csv.Append(string.Join(',', Field(section), Field(dimension), Field(group), Field(endpoint), Field(measure), Number(value), Number(lower), Number(upper), Field(note))).Append("\r\n");

        Row("data-cut", "trial", report.TrialId, "", "as-of", null, note: report.DataCut.AsOf.ToString("O", CultureInfo.InvariantCulture));
        foreach (var group in new[] { report.Trial }.Concat(report.ByCenter).Concat(report.ByIndication).Concat(report.ByCohort))
        {
            Row("exposure", group.Dimension, group.Group, "", "patients-infused", group.PatientsInfused);
            Row("exposure", group.Dimension, group.Group, "", $"patient-days-{report.Settings.WindowDays}d", group.ExposurePatientDays);
            Row("exposure", group.Dimension, group.Group, "", $"patient-days-{report.Settings.LateWindowDays}d", group.LateExposurePatientDays);
            foreach (var row in group.Incidence)
            {
                Row("incidence", group.Dimension, group.Group, row.Endpoint, "events", row.Events);
                Row("incidence", group.Dimension, group.Group, row.Endpoint, "patients", row.Patients);
                Row("incidence", group.Dimension, group.Group, row.Endpoint, "proportion", row.Proportion, row.Lower, row.Upper, "Clopper-Pearson");
            }

            foreach (var rate in group.Rates)
            {
                Row("rate", group.Dimension, group.Group, rate.Endpoint, "events", rate.Events, note: rate.Source);
                Row("rate", group.Dimension, group.Group, rate.Endpoint, "patient-years", rate.PatientYears);
                Row("rate", group.Dimension, group.Group, rate.Endpoint, "per-100-patient-years", rate.PerHundredPatientYears, rate.Lower, rate.Upper, "exact Poisson");
                if (rate.OneSidedPAboveOtherCenters is { } p) Row("rate", group.Dimension, group.Group, rate.Endpoint, "one-sided-p-above-other-centers", p);
            }

            foreach (var onset in group.Onset)
            {
                Row("onset", group.Dimension, group.Group, onset.Toxicity, "cases", onset.Cases);
                foreach (var point in onset.CumulativeIncidence)
                    Row("onset", group.Dimension, group.Group, onset.Toxicity, $"cumulative-incidence-day-{point.Day}", point.CumulativeIncidence, note: "Kaplan-Meier");
                Row("onset", group.Dimension, group.Group, onset.Toxicity, "median-onset-day-among-cases", onset.MedianOnsetDayAmongCases);
            }

            foreach (var duration in group.Duration)
            {
                Row("duration", group.Dimension, group.Group, duration.Toxicity, "resolved", duration.Resolved);
                Row("duration", group.Dimension, group.Group, duration.Toxicity, "ongoing", duration.Ongoing);
                Row("duration", group.Dimension, group.Group, duration.Toxicity, "median-days", duration.MedianDays, duration.LowerQuartileDays, duration.UpperQuartileDays, "interquartile range");
            }
        }

        foreach (var rule in report.StoppingRules)
        {
            Row("stopping-rule", "trial", report.TrialId, rule.Endpoint, "evaluable-patients", rule.EvaluablePatients);
            Row("stopping-rule", "trial", report.TrialId, rule.Endpoint, "events", rule.Events);
            Row("stopping-rule", "trial", report.TrialId, rule.Endpoint, "posterior-probability-above-benchmark", rule.PosteriorProbability,
                note: $"benchmark {Number(rule.Benchmark)}; prior Beta({Number(rule.PriorA)}, {Number(rule.PriorB)}); threshold {Number(rule.Threshold)}; {(rule.Crossed ? "CROSSED" : "not crossed")}");
            Row("stopping-rule", "trial", report.TrialId, rule.Endpoint, "stop-at-events", rule.StopAtEvents);
            Row("stopping-rule", "trial", report.TrialId, rule.Endpoint, "sprt-log-likelihood-ratio", rule.Sprt.LogLikelihoodRatio, rule.Sprt.LnB, rule.Sprt.LnA,
                $"p0 {Number(rule.Sprt.P0)}; p1 {Number(rule.Sprt.P1)}; {rule.Sprt.Decision}");
        }

        foreach (var reference in report.ReferenceComparison)
            Row("reference", "trial", report.TrialId, reference.Endpoint, "proportion", reference.Proportion, reference.Lower, reference.Upper,
                $"reference {Number(reference.ReferenceLow)}–{Number(reference.ReferenceHigh)}: {reference.Verdict}");
        return csv.ToString();
    }

    public static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
