using System.Globalization;
using System.Text.Json;
using TrialMonitor.Safety.Records;
using TrialMonitor.Safety.Report;
using TrialMonitor.Safety.Statistics;

namespace TrialMonitor.Safety.Tests;

public sealed class ReportBuilderTests
{
    private static readonly DateTimeOffset Cut = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>15 patients infused 40 days before the cut: CRS onsets on days 1, 2, 2, 3, 5 (the 4.6 example), two of them grade 3.</summary>
    private static List<PatientSafetyRecord> Cohort()
    {
        var infusion = Cut.AddDays(-40);
        var records = new List<PatientSafetyRecord>();
        int[] onsetDays = [1, 2, 2, 3, 5];
        for (var i = 0; i < 15; i++)
        {
            ToxicityCourse? crs = i < onsetDays.Length ? new ToxicityCourse(i < 2 ? 3 : 1, infusion.AddDays(onsetDays[i]), infusion.AddDays(onsetDays[i] + 2 + i)) : null;
            records.Add(new PatientSafetyRecord
            {
                CenterId = i < 8 ? "FR-A" : "FR-B", Indication = i % 2 == 0 ? "SLE" : "SSc", Product = "CD19", DoseCohort = i < 10 ? "1e6/kg" : "2e6/kg",
                InfusionAt = infusion, Crs = crs, FirstSeriousEventAt = crs is { MaxGrade: >= 3 } ? crs.OnsetAt : null,
            });
        }

        return records;
    }

    [Fact]
    public void Trial_tables_reproduce_the_worked_onset_example_and_the_exact_intervals()
    {
        var report = SafetyReportBuilder.Build("T1", Cut, Cohort());
        Assert.Equal(15, report.Trial.PatientsInfused);
        Assert.Equal(15 * 28.0, report.Trial.ExposurePatientDays, 9);
        var grade3 = report.Trial.Incidence.Single(r => r.Endpoint == SafetyEndpoints.CrsGrade3Plus);
        // 2 grade ≥ 3 CRS in 15 patients: [0.017, 0.405] (safety-statistics.md 4.4).
        Assert.Equal((2, 15, "0.017", "0.405"), (grade3.Events, grade3.Patients, grade3.Lower.ToString("F3", CultureInfo.InvariantCulture), grade3.Upper.ToString("F3", CultureInfo.InvariantCulture)));
        var crsOnset = report.Trial.Onset.Single(o => o.Toxicity == "crs");
        Assert.Equal(["0.067", "0.267", "0.333", "0.333", "0.333"], crsOnset.CumulativeIncidence.Select(p => p.CumulativeIncidence.ToString("F3", CultureInfo.InvariantCulture)));
        Assert.Equal(2, crsOnset.MedianOnsetDayAmongCases);
        var duration = report.Trial.Duration.Single(d => d.Toxicity == "crs");
        Assert.Equal((5, 0), (duration.Resolved, duration.Ongoing));
        Assert.Equal(Quartiles.Of([2, 3, 4, 5, 6]).Median, duration.MedianDays);
        Assert.Equal(["FR-A", "FR-B"], report.ByCenter.Select(g => g.Group));
        Assert.Equal(["CD19 / 1e6/kg", "CD19 / 2e6/kg"], report.ByCohort.Select(g => g.Group));
        Assert.Equal(15, report.ByIndication.Sum(g => g.PatientsInfused));
    }

    [Fact]
    public void A_stopping_rule_crosses_at_its_boundary_and_counts_only_evaluable_patients()
    {
        var records = Cohort();
        // Ten patients infused yesterday without events are not yet evaluable: they must not dilute the rate.
        for (var i = 0; i < 10; i++) records.Add(new PatientSafetyRecord { CenterId = "FR-A", InfusionAt = Cut.AddDays(-1) });
        var report = SafetyReportBuilder.Build("T1", Cut, records);
        var rule = report.StoppingRules.Single(r => r.Endpoint == SafetyEndpoints.CrsOrIcansGrade3Plus);
        Assert.Equal((15, 2), (rule.EvaluablePatients, rule.Events));
        Assert.Equal(BetaBinomialMonitor.PosteriorExceedance(2, 15, 0.10, new BetaPrior(0.2, 1.8)), rule.PosteriorProbability);
        Assert.Equal(4, rule.StopAtEvents);
        Assert.False(rule.Crossed);
        // CRS grade ≥ 3 against twice its ≤ 2 % reference: 2 of 15 crosses.
        Assert.True(report.StoppingRules.Single(r => r.Endpoint == SafetyEndpoints.CrsGrade3Plus).Crossed);
        // 2 of 25 infused: the interval [0.010, 0.260] still reaches the ≤ 2 % reference.
        Assert.Equal("consistent with the reference range", report.ReferenceComparison.Single(r => r.Endpoint == SafetyEndpoints.CrsGrade3Plus).Verdict);
        var worse = Cohort().Select(r => r.Crs is { } c ? r with { Crs = c with { MaxGrade = 3 } } : r).ToArray();
        Assert.Equal("above the reference range", SafetyReportBuilder.Build("T1", Cut, worse).ReferenceComparison.Single(r => r.Endpoint == SafetyEndpoints.CrsGrade3Plus).Verdict);
    }

    [Fact]
    public void Record_order_does_not_change_a_single_bit()
    {
        var records = Cohort();
        var forward = JsonSerializer.Serialize(SafetyReportBuilder.Build("T1", Cut, records));
        records.Reverse();
        Assert.Equal(forward, JsonSerializer.Serialize(SafetyReportBuilder.Build("T1", Cut, records)));
    }

    [Fact]
    public void Json_csv_and_html_carry_the_same_numbers_and_an_empty_trial_has_no_NaN()
    {
        var report = SafetyReportBuilder.Build("T1", Cut, Cohort());
        var csv = SafetyReportCsv.Write(report);
        var grade3 = report.Trial.Incidence.Single(r => r.Endpoint == SafetyEndpoints.CrsGrade3Plus);
        Assert.Contains($"incidence,trial,T1,{SafetyEndpoints.CrsGrade3Plus},proportion,{SafetyReportCsv.Number(grade3.Proportion)},{SafetyReportCsv.Number(grade3.Lower)},{SafetyReportCsv.Number(grade3.Upper)}", csv, StringComparison.Ordinal);
        var html = SafetyReportHtml.Write(report);
        Assert.Contains("[0.017, 0.405]", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains(Cut.ToString("O", CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        var empty = SafetyReportBuilder.Build("T0", Cut, []);
        Assert.DoesNotContain("NaN", JsonSerializer.Serialize(empty), StringComparison.Ordinal);
        Assert.Equal(0, empty.Trial.PatientsInfused);
        Assert.DoesNotContain(empty.StoppingRules, r => r.Crossed);
    }
}
