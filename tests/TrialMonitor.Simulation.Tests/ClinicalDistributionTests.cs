using TrialMonitor.Simulation.Tests.Support;
using Xunit.Abstractions;

namespace TrialMonitor.Simulation.Tests;

/// <summary>
/// The simulated courses, graded by the real clinical engine, look like CAR-T in autoimmune disease
/// (rules.md 11): CRS common and mild with onset on days 1–7, grade 3 rare, ICANS in a few percent,
/// the neutrophil nadir on days 3–10, febrile neutropenia in some patients.
/// </summary>
public sealed class ClinicalDistributionTests(SimulatedCohort cohort, ITestOutputHelper output) : IClassFixture<SimulatedCohort>
{
    [Fact]
    public void The_engine_rejects_no_simulated_observation()
    {
        Assert.Equal(SimulatedCohort.Centers * SimulatedCohort.PatientsPerCenter, cohort.Patients.Count);
        Assert.True(cohort.Rejections.Count == 0, string.Join(Environment.NewLine, cohort.Rejections.Take(20)));
    }

    [Fact]
    public void Crs_of_any_grade_in_60_to_85_percent_of_patients()
    {
        var rate = cohort.Fraction(p => p.Assessment.Crs.MaxGrade >= 1);
        output.WriteLine($"CRS >= 1: {rate:P1}");
        Assert.InRange(rate, 0.60, 0.85);
    }

    [Fact]
    public void Every_crs_episode_starts_on_days_1_to_7()
    {
        var episodes = cohort.Patients.SelectMany(p => p.Assessment.Crs.Episodes.Select(e => (p.Patient, e.OnsetAt))).ToList();
        Assert.NotEmpty(episodes);
        var days = episodes.Select(e => (int)Math.Floor((e.OnsetAt - e.Patient.InfusionAt).TotalDays)).ToList();
        output.WriteLine("onset day: " + string.Join(", ", days.GroupBy(d => d).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.All(days, day => Assert.InRange(day, 1, 7));
        Assert.All(cohort.Patients.Where(p => p.Assessment.Crs.MaxGrade >= 1), p => Assert.Single(p.Assessment.Crs.Episodes));
    }

    [Fact]
    public void Crs_grade_3_or_more_in_under_10_percent_and_grades_1_to_2_are_most_crs()
    {
        var severe = cohort.Fraction(p => p.Assessment.Crs.MaxGrade >= 3);
        var crs = cohort.Patients.Where(p => p.Assessment.Crs.MaxGrade >= 1).ToList();
        var mild = crs.Count(p => p.Assessment.Crs.MaxGrade <= 2) / (double)crs.Count;
        output.WriteLine($"CRS >= 3: {severe:P1} of patients; grade 1-2: {mild:P1} of CRS; by grade: " +
                         string.Join(", ", crs.GroupBy(p => p.Assessment.Crs.MaxGrade).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.True(severe < 0.10, $"{severe:P1} with CRS grade >= 3");
        Assert.True(mild > 0.5, $"{mild:P1} of CRS is grade 1-2");
        Assert.Contains(crs, p => p.Assessment.Crs.MaxGrade == 3);
        Assert.DoesNotContain(crs, p => p.Assessment.Crs.MaxGrade >= 4);
    }

    [Fact]
    public void The_engine_grades_each_patient_as_the_scenario_planned()
    {
        Assert.All(cohort.Patients, p =>
        {
            Assert.Equal(p.PlannedCrsGrade, p.Assessment.Crs.MaxGrade);
            Assert.Equal(p.PlannedIcansGrade, p.Assessment.Icans.MaxGrade);
        });
    }

    [Fact]
    public void Icans_in_1_to_10_percent_of_patients()
    {
        var rate = cohort.Fraction(p => p.Assessment.Icans.MaxGrade >= 1);
        output.WriteLine($"ICANS >= 1: {rate:P1}");
        Assert.InRange(rate, 0.01, 0.10);
    }

    [Fact]
    public void The_neutrophil_nadir_falls_on_days_3_to_10()
    {
        output.WriteLine("nadir day: " + string.Join(", ", cohort.Patients.GroupBy(p => p.NeutrophilNadirDay).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.All(cohort.Patients, p => Assert.InRange(p.NeutrophilNadirDay, 3, 10));
    }

    [Fact]
    public void Febrile_neutropenia_is_met_in_some_patients_but_not_most()
    {
        var rate = cohort.Fraction(p => p.Assessment.FebrileNeutropenia.Met);
        output.WriteLine($"febrile neutropenia met: {rate:P1}");
        Assert.InRange(rate, 0.03, 0.35);
        Assert.DoesNotContain(cohort.Patients, p => p.Assessment.FebrileNeutropenia.Met && p.Assessment.Crs.MaxGrade == 0);
    }
}
