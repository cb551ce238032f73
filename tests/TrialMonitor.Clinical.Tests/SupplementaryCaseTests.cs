using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Tests.Support;

namespace TrialMonitor.Clinical.Tests;

/// <summary>The supplementary worked cases S1–S8 of rules.md 12.1, through the normaliser and the timeline.</summary>
public sealed class SupplementaryCaseTests
{
    private static CourseBuilder DailyNeutrophils(params (int Day, decimal PerMicrolitre)[] counts)
    {
        var course = new CourseBuilder();
        foreach (var (day, count) in counts)
            course.Add(CourseBuilder.AtDay(day), "751-8", ObservationValue.Of(count), "/uL");
        return course;
    }

    private static (int Day, decimal PerMicrolitre)[] Days(int fromDay, params decimal[] counts) =>
        counts.Select((count, i) => (fromDay + i, count)).ToArray();

    private static (int Day, decimal PerMicrolitre)[] Recovered(int fromDay, int toDay, decimal count) =>
        Enumerable.Range(fromDay, toDay - fromDay + 1).Select(day => (day, count)).ToArray();

    [Fact]
    public void S1_a_two_day_rise_is_a_non_stable_recovery_and_is_bridged()
    {
        var course = DailyNeutrophils(
            [.. Days(0, 2100, 1500, 900, 450, 300, 120, 90, 80, 150, 300, 420, 480, 350, 650, 700, 400, 380, 800, 1200), .. Recovered(19, 30, 1600)]);

        var icaht = course.Timeline.Assess(CourseBuilder.AtDay(30, 12)).Icaht;

        Assert.Equal(3, icaht.Early.Grade);
        Assert.Equal(14, icaht.Early.SevereNeutropeniaDays);
        Assert.Equal(2, icaht.Early.ProfoundNeutropeniaDays);
        Assert.Equal(3, icaht.Early.SevereNeutropeniaFromDay);
    }

    [Fact]
    public void S2_seven_days_at_or_below_100_is_grade_3_though_at_or_below_500_lasts_under_14_days()
    {
        var course = DailyNeutrophils(
            [.. Days(0, 1800, 900, 400, 90, 50, 20, 10, 10, 30, 60, 80, 200, 450, 600, 900), .. Recovered(15, 30, 1100)]);

        var icaht = course.Timeline.Assess(CourseBuilder.AtDay(30, 12)).Icaht;

        Assert.Equal(3, icaht.Early.Grade);
        Assert.Equal(8, icaht.Early.ProfoundNeutropeniaDays);
        Assert.Equal(11, icaht.Early.SevereNeutropeniaDays);
    }

    [Fact]
    public void S3_neutropenia_from_day_2_that_never_recovers_is_grade_4()
    {
        var counts = Enumerable.Range(2, 29).Select(day => (day, 400m + (day * 3 % 96))).ToArray();
        var course = DailyNeutrophils([(0, 1800), (1, 900), .. counts]);

        var icaht = course.Timeline.Assess(CourseBuilder.AtDay(30, 12)).Icaht;

        Assert.All(counts, c => Assert.InRange(c.Item2, 400m, 495m));
        Assert.Equal(4, icaht.Early.Grade);
        Assert.True(icaht.Early.NeverRecovered);
        Assert.Equal(29, icaht.Early.SevereNeutropeniaDays);
    }

    [Fact]
    public void S3_is_provisional_grade_3_while_the_early_window_is_open()
    {
        var course = DailyNeutrophils([(0, 1800), (1, 900), .. Enumerable.Range(2, 18).Select(day => (day, 450m))]);

        var icaht = course.Timeline.Assess(CourseBuilder.AtDay(19, 12)).Icaht;

        Assert.Equal(3, icaht.Early.Grade);
        Assert.True(icaht.Provisional);
    }

    [Fact]
    public void S4_late_neutropenia_with_two_or_more_values_at_or_below_1500_is_graded_by_its_nadir()
    {
        var course = DailyNeutrophils([.. Recovered(0, 30, 2000), (35, 1300), (45, 950), (60, 1600), (80, 1100)]);

        var icaht = course.Timeline.Assess(CourseBuilder.AtDay(90)).Icaht;

        Assert.Equal(2, icaht.Late.Grade);
        Assert.Equal(950m, icaht.Late.NadirPerMicrolitre);
        Assert.Equal(3, icaht.Late.DaysAtOrBelow1500);
        Assert.Equal(2, icaht.Grade);
    }

    private static CourseBuilder Baseline(params (string Code, decimal Value, string Unit)[] labs)
    {
        var course = new CourseBuilder();
        foreach (var (code, value, unit) in labs)
            course.Add(CourseBuilder.AtDay(-5), code, ObservationValue.Of(value), unit);
        return course;
    }

    [Fact]
    public void S5_car_hematotox_2_is_high_risk()
    {
        var course = Baseline(("777-3", 130, "10*9/L"), ("751-8", 1100, "/uL"), ("718-7", 10.5m, "g/dL"), ("1988-5", 1.4m, "mg/dL"), ("2276-4", 320, "ng/mL"));

        var score = course.Timeline.Assess(CourseBuilder.AtDay(0)).CarHematotox;

        Assert.Equal(2, score.Score);
        Assert.Equal("high", score.Risk);
        Assert.Equal(1, score.Items.Single(i => i.Marker == "platelets").Points);
        Assert.Equal(1, score.Items.Single(i => i.Marker == "ANC").Points);
    }

    [Fact]
    public void S6_crp_in_mg_per_litre_is_converted_before_scoring_so_the_risk_is_low()
    {
        var course = Baseline(("777-3", 150, "10*9/L"), ("751-8", 2500, "/uL"), ("718-7", 11.0m, "g/dL"), ("1988-5", 25, "mg/L"), ("2276-4", 500, "ng/mL"));

        var score = course.Timeline.Assess(CourseBuilder.AtDay(0)).CarHematotox;

        Assert.Equal(1, score.Score);
        Assert.Equal("low", score.Risk);
        Assert.Equal(0, score.Items.Single(i => i.Marker == "CRP").Points);
    }

    [Fact]
    public void S6_misreading_crp_25_as_mg_per_decilitre_adds_a_point_and_flips_to_high()
    {
        var course = Baseline(("777-3", 150, "10*9/L"), ("751-8", 2500, "/uL"), ("718-7", 11.0m, "g/dL"), ("1988-5", 25, "mg/dL"), ("2276-4", 500, "ng/mL"));

        Assert.Equal("high", course.Timeline.Assess(CourseBuilder.AtDay(0)).CarHematotox.Risk);
    }

    [Fact]
    public void S7_easix_converts_creatinine_from_micromoles_first()
    {
        var course = Baseline(("2532-0", 450, "U/L"), ("14682-9", 115, "umol/L"), ("777-3", 110, "10*9/L"));

        var easix = course.Timeline.Assess(CourseBuilder.AtDay(0)).Easix.Baseline;

        Assert.Equal(5.32m, decimal.Round(easix.Easix!.Value, 2));
        Assert.True(easix.Elevated);
        var creatinine = course.Timeline.Observations.Single(o => o.Parameter == Parameter.Creatinine);
        Assert.Equal(1.30m, decimal.Round(creatinine.Quantity, 2));
    }

    [Fact]
    public void S7_modified_easix_uses_crp_in_mg_per_decilitre()
    {
        var course = Baseline(("2532-0", 300, "U/L"), ("1988-5", 45, "mg/L"), ("777-3", 150, "10*9/L"));

        var easix = course.Timeline.Assess(CourseBuilder.AtDay(0)).Easix.Baseline;

        Assert.Equal(9.0m, easix.ModifiedEasix);
        Assert.Null(easix.Easix);
    }

    /// <summary>
    /// S8: CRS grade 2 from t30 with fluid boluses until t95 (tocilizumab t44 masks the fever), so it resolves 24 h later,
    /// at t119; on day 9 a new fever and the IEC-HS lab pattern.
    /// </summary>
    private static CourseBuilder S8Course()
    {
        var course = new CourseBuilder()
            .At(-2, "2276-4", 1200, "ng/mL")
            .At(-2, "777-3", 140, "10*9/L")
            .At(-2, "1742-6", 30, "U/L")
            .At(30, "8310-5", 38.6m, "Cel")
            .At(30, "8480-6", 85, "mm[Hg]")
            .At(30, "tm:fluid-bolus", 1000, "mL")
            .At(44, "tm:medication", "tocilizumab")
            .At(50, "8480-6", 86, "mm[Hg]")
            .At(50, "tm:fluid-bolus", 500, "mL")
            .At(60, "8310-5", 37.4m, "Cel")
            .At(72, "tm:fluid-bolus", 500, "mL")
            .At(95, "tm:fluid-bolus", 500, "mL")
            .At(100, "8310-5", 37.0m, "Cel")
            .At(100, "8480-6", 112, "mm[Hg]")
            .At(168, "2276-4", 5000, "ng/mL")
            .At(192, "2276-4", 7500, "ng/mL")
            .At(216, "8310-5", 38.6m, "Cel")
            .At(216, "2276-4", 9800, "ng/mL")
            .At(216, "1742-6", 310, "U/L")
            .At(216, "3255-7", 120, "mg/dL")
            .At(216, "777-3", 45, "10*9/L")
            .At(216, "751-8", 600, "/uL");
        return course;
    }

    [Fact]
    public void S8_iec_hs_is_suspected_from_the_lab_pattern_but_not_graded_without_treatment()
    {
        var assessment = S8Course().AssessAt(217);

        Assert.True(assessment.IecHs.Suspected);
        Assert.Equal(CourseBuilder.AtHours(216), assessment.IecHs.SuspectedAt);
        Assert.Null(assessment.IecHs.Grade);
        Assert.Contains("ferritin 9800 ng/mL", assessment.IecHs.Reason);
        Assert.Contains("ALT 310 U/L", assessment.IecHs.Reason);
    }

    [Fact]
    public void S8_the_new_fever_opens_a_second_provisional_crs_episode_of_grade_1()
    {
        var crs = S8Course().AssessAt(217).Crs;

        Assert.Equal(2, crs.Episodes.Count);
        Assert.Equal(2, crs.Episodes[0].MaxGrade);
        Assert.Equal(CourseBuilder.AtHours(119), crs.Episodes[0].ResolvedAt);
        Assert.True(crs.EpisodeOpen);
        Assert.Equal(1, crs.Grade);
        Assert.Equal(CourseBuilder.AtHours(216), crs.OnsetAt);
        Assert.Equal(2, crs.MaxGrade);
    }

    [Fact]
    public void S8_anakinra_for_iec_hs_makes_it_grade_2_and_bleeding_needing_transfusion_grade_3()
    {
        var course = S8Course().At(218, "tm:medication", "anakinra");
        Assert.Equal(2, course.AssessAt(218).IecHs.Grade);

        course.At(220, "tm:bleeding", "major").At(220, "tm:medication", "cryoprecipitate");
        var iecHs = course.AssessAt(221).IecHs;
        Assert.Equal(3, iecHs.Grade);
        Assert.Contains("bleeding: major", iecHs.Reason);
    }

    [Fact]
    public void S8_tocilizumab_given_for_crs_before_suspicion_does_not_grade_iec_hs()
    {
        Assert.Null(S8Course().AssessAt(230).IecHs.Grade);
    }
}
