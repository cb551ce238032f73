using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Rules.FebrileNeutropenia;
using TrialMonitor.Clinical.Rules.News2;
using TrialMonitor.Clinical.Tests.Support;

namespace TrialMonitor.Clinical.Tests;

/// <summary>What the vignettes expect beyond the grade: the readings named, current versus episode grades, timings.</summary>
public sealed class WorkedCaseDetailTests
{
    private static PatientAssessment Assess(string name, decimal? atHours = null)
    {
        var vignette = Vignettes.Named(name);
        var (timeline, _) = VignetteTests.Ingest(vignette, vignette.Observations);
        return atHours is { } hours ? timeline.Assess(vignette.InfusionAt + TimeSpan.FromTicks((long)(hours * TimeSpan.TicksPerHour))) : timeline.Assess();
    }

    [Fact]
    public void V7_reason_names_the_vasopressor_and_the_oxygen_as_the_consensus_example_does()
    {
        var crs = Assess("V7").Crs;

        Assert.Equal(3, crs.Grade);
        Assert.Equal("temperature 38.7 °C; norepinephrine running; nasal cannula 3 L/min", crs.Reason);
        Assert.Equal(["V7-001", "V7-007", "V7-008", "V7-009"], crs.Readings.Select(r => r.ObservationId).Order().ToArray());
        Assert.All(crs.Readings, r => Assert.Equal(Vignettes.Named("V7").InfusionAt.AddHours(100), r.EffectiveAt));
    }

    [Fact]
    public void V8_reason_names_both_drugs_and_the_grade_stays_3()
    {
        var crs = Assess("V8").Crs;

        Assert.Equal(3, crs.Grade);
        Assert.Contains("norepinephrine, vasopressin running", crs.Reason);
    }

    [Fact]
    public void V10_the_masked_episode_is_graded_by_the_vasopressor_and_names_tocilizumab()
    {
        var crs = Assess("V10").Crs;

        Assert.True(crs.EpisodeOpen);
        Assert.True(crs.FeverMasked);
        Assert.Equal(3, crs.Grade);
        Assert.Contains("tocilizumab given", crs.Reason);
        Assert.Contains("norepinephrine running", crs.Reason);
    }

    [Fact]
    public void V10_looking_back_to_t42_gives_the_grade_of_that_moment()
    {
        // The last systolic pressure known at t42 is still the 86 mmHg of t40.
        var crs = Assess("V10", atHours: 42).Crs;

        Assert.Equal(2, crs.Grade);
        Assert.Equal(2, crs.MaxGrade);
        Assert.Contains("systolic BP 86 mmHg", crs.Reason);
        Assert.False(crs.FeverMasked);
    }

    [Fact]
    public void V11_hypotension_without_fever_is_not_crs()
    {
        var assessment = Assess("V11");

        Assert.Equal(0, assessment.Crs.MaxGrade);
        Assert.False(assessment.Crs.PossibleMaskedCrs);
        Assert.True(assessment.News2.SingleRedParameter);
        Assert.Equal("low-medium", assessment.News2.Band);
    }

    [Fact]
    public void V12_the_mislabelled_fahrenheit_reading_is_rejected_with_its_reason_and_a_recheck_is_due()
    {
        var vignette = Vignettes.Named("V12");
        var input = vignette.Observations.Single(o => o.Id == "V12-001");
        var result = ObservationNormaliser.Default.Normalise(input, vignette.InfusionAt.AddDays(30), vignette.InfusionAt);
        Assert.Equal("temperature 98.9 Cel is outside 25–45 °C", result.Rejection!.Message);
        Assert.Equal("value", result.Rejection.Field);

        var assessment = Assess("V12");
        Assert.Equal(vignette.InfusionAt.AddHours(131), assessment.FebrileNeutropenia.TemperatureRecheckDueBy);
        Assert.Contains("100.6 °F (38.1 °C)", assessment.Crs.Reason);
    }

    [Fact]
    public void V13_febrile_neutropenia_is_met_when_the_fever_has_been_sustained_for_an_hour()
    {
        var fn = Assess("V13").FebrileNeutropenia;

        Assert.Equal(Vignettes.Named("V13").InfusionAt.AddMinutes(121 * 60 + 6), fn.FirstMetAt);
        Assert.Equal(NeutropeniaArm.Measured, fn.Arm);
        Assert.True(fn.Active);
        Assert.Equal(["V13-002", "V13-004", "V13-001"], fn.Readings.Select(r => r.ObservationId).ToArray());
    }

    [Fact]
    public void V14_the_episode_stays_open_and_grade_1_though_the_instant_temperature_is_normal()
    {
        var assessment = Assess("V14");

        Assert.True(assessment.Crs.EpisodeOpen);
        Assert.Equal(1, assessment.Crs.Grade);
        Assert.Equal(0, assessment.News2.Components.Single(c => c.Parameter == News2Parameter.Temperature).Points);
        Assert.False(assessment.FebrileNeutropenia.Met);
    }

    [Fact]
    public void V14_the_episode_closes_24_hours_after_the_last_fever()
    {
        Assert.True(Assess("V14", atHours: 163.99m).Crs.EpisodeOpen);
        var closed = Assess("V14", atHours: 164).Crs;
        Assert.False(closed.EpisodeOpen);
        Assert.Equal(0, closed.Grade);
        Assert.Equal(1, closed.MaxGrade);
        Assert.Equal(Vignettes.Named("V14").InfusionAt.AddHours(164), closed.Episodes.Single().ResolvedAt);
    }

    [Fact]
    public void V16_is_labelled_anticipated_neutropenia()
    {
        var fn = Assess("V16").FebrileNeutropenia;

        Assert.Equal(NeutropeniaArm.Anticipated, fn.Arm);
        Assert.EndsWith("(anticipated neutropenia)", fn.Reason);
        Assert.Contains("ANC 1300/µL", fn.Reason);
        Assert.Contains("ANC 800/µL", fn.Reason);
    }

    [Fact]
    public void V17_crs_resolved_before_icans_began()
    {
        var assessment = Assess("V17");

        Assert.False(assessment.Crs.EpisodeOpen);
        Assert.Equal(0, assessment.Crs.Grade);
        var episode = Assert.Single(assessment.Crs.Episodes);
        Assert.Equal(Vignettes.Named("V17").InfusionAt.AddHours(80), episode.ResolvedAt);
        Assert.Equal(2, assessment.Icans.Grade);
        Assert.Equal("ICE score 5/10", assessment.Icans.Reason);
    }

    [Fact]
    public void V18_the_seizure_sets_the_icans_grade()
    {
        var icans = Assess("V18").Icans;

        Assert.Equal(3, icans.Grade);
        Assert.Equal("ICE score 6/10; awakens only to voice; seizure, resolved rapidly", icans.Reason);
    }

    [Fact]
    public void V20_reason_names_the_unarousable_patient()
    {
        Assert.Contains("unarousable", Assess("V20").Icans.Reason);
    }

    [Fact]
    public void V9_news2_is_high_and_names_each_scoring_parameter()
    {
        var news2 = Assess("V9").News2;

        Assert.Equal("high", news2.Band);
        Assert.Contains("BiPAP (+2)", news2.Reason);
        Assert.Contains("ACVPU C (+3)", news2.Reason);
    }

    [Fact]
    public void V9_qsofa_flags_a_febrile_patient_with_two_or_more_criteria()
    {
        var qsofa = Assess("V9").Qsofa;

        Assert.Equal(3, qsofa.Score);
        Assert.True(qsofa.Flag);
    }
}
