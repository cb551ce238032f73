using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Tests.Support;
using static TrialMonitor.Clinical.Tests.Support.CourseBuilder;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.Clinical.Tests.Timeline;

public sealed class PatientTimelineTests
{
    [Fact]
    public void An_id_seen_before_is_a_duplicate_even_if_the_rest_differs()
    {
        var timeline = new PatientTimeline(new PatientProfile(CourseBuilder.InfusionAt, 40));
        Assert.True(timeline.Add(Accepted("m-1", "8310-5", ObservationValue.Of(37.0m), "Cel", 10)).Added);

        var outcome = timeline.Add(Accepted("m-1", "8310-5", ObservationValue.Of(39.5m), "Cel", 11));

        Assert.False(outcome.Added);
        Assert.Equal(1, timeline.Count);
        Assert.Equal(0, timeline.Assess().Crs.MaxGrade);
    }

    [Fact]
    public void Many_observations_at_one_time_are_kept_in_the_same_order_whatever_order_they_arrive_in()
    {
        // A lab panel and a round of vital signs share one instant; more than its first capacity arrives one by one.
        var codes = new (string Code, decimal Value, string Unit)[]
        {
            ("8310-5", 37.1m, "Cel"), ("8867-4", 80m, "/min"), ("9279-1", 16m, "/min"), ("8480-6", 120m, "mm[Hg]"),
            ("8462-4", 75m, "mm[Hg]"), ("59408-5", 97m, "%"), ("751-8", 2.1m, "10*9/L"), ("777-3", 150m, "10*9/L"),
            ("718-7", 12.5m, "g/dL"), ("1988-5", 5m, "mg/L"), ("2276-4", 300m, "ug/L"), ("2532-0", 200m, "U/L"),
        };
        var observations = codes.Select((c, i) => Accepted($"p-{i:D2}", c.Code, ObservationValue.Of(c.Value), c.Unit, 30)).ToArray();
        var inOrder = new PatientTimeline(new PatientProfile(CourseBuilder.InfusionAt, 40));
        foreach (var observation in observations) inOrder.Add(observation);
        var reversed = new PatientTimeline(new PatientProfile(CourseBuilder.InfusionAt, 40));
        foreach (var observation in observations.Reverse()) reversed.Add(observation);
        var shuffled = new PatientTimeline(new PatientProfile(CourseBuilder.InfusionAt, 40));
        foreach (var observation in observations.OrderBy(o => o.Id.GetHashCode(StringComparison.Ordinal))) shuffled.Add(observation);

        var expected = inOrder.Observations.Select(o => o.Id).ToArray();
        Assert.Equal(observations.Length, expected.Length);
        Assert.Equal(observations.Length, expected.Distinct().Count());
        Assert.Equal(expected, reversed.Observations.Select(o => o.Id).ToArray());
        Assert.Equal(expected, shuffled.Observations.Select(o => o.Id).ToArray());
        Assert.Equal(inOrder.Assess().News2.Total, reversed.Assess().News2.Total);
    }

    [Fact]
    public void Systolic_not_above_diastolic_at_the_same_instant_is_flagged_whichever_arrives_second()
    {
        var timeline = new PatientTimeline(new PatientProfile(CourseBuilder.InfusionAt, 40));
        Assert.Empty(timeline.Add(Accepted("s", "8480-6", ObservationValue.Of(80m), "mm[Hg]", 5)).Flags);

        var outcome = timeline.Add(Accepted("d", "8462-4", ObservationValue.Of(85m), "mm[Hg]", 5));

        var flag = Assert.Single(outcome.Flags);
        Assert.Equal(QualityFlagKind.SystolicNotAboveDiastolic, flag.Kind);
    }

    [Fact]
    public void A_child_under_12_is_graded_with_capd_and_an_ice_score_is_flagged_not_graded()
    {
        var course = new CourseBuilder(ageYears: 9);
        var ice = course.Timeline.Add(Accepted("ice", "tm:ice-score", ObservationValue.Of(2m), "{score}", 20));
        Assert.Contains(ice.Flags, f => f.Kind == QualityFlagKind.ToolNotValidForAge);
        Assert.Equal(0, course.AssessAt(20).Icans.Grade);

        course.At(21, "tm:capd-score", 10, "{score}");

        var icans = course.AssessAt(21).Icans;
        Assert.Equal(3, icans.Grade);
        Assert.Equal("CAPD", icans.EncephalopathyTool);
    }

    [Fact]
    public void Vital_signs_are_overdue_after_more_than_6_hours_during_days_0_to_14_only()
    {
        var course = new CourseBuilder().At(10, "8867-4", 80, "/min");

        Assert.False(course.AssessAt(16).MissingData.VitalSignsOverdue);
        var overdue = course.AssessAt(16.01m).MissingData;
        Assert.True(overdue.VitalSignsOverdue);
        Assert.Equal(CourseBuilder.AtHours(16), overdue.OverdueSince);
        Assert.False(course.Timeline.Assess(CourseBuilder.AtDay(15)).MissingData.VitalSignsOverdue);
    }

    [Fact]
    public void With_no_vital_signs_at_all_the_clock_starts_at_infusion()
    {
        var course = new CourseBuilder().At(-24, "751-8", 2, "10*9/L");

        Assert.True(course.AssessAt(7).MissingData.VitalSignsOverdue);
        Assert.Equal(CourseBuilder.InfusionAt, course.AssessAt(7).MissingData.LastVitalSignAt);
    }

    [Fact]
    public void Gaps_in_vital_signs_are_listed_for_the_record()
    {
        var course = new CourseBuilder().At(4, "8867-4", 80, "/min").At(12, "8867-4", 82, "/min").At(14, "8867-4", 84, "/min");

        var gaps = course.Timeline.VitalSignGaps(CourseBuilder.AtHours(30));

        var gap = Assert.Single(gaps, g => g.From == CourseBuilder.AtHours(4));
        Assert.Equal(TimeSpan.FromHours(8), gap.Length);
        Assert.Contains(gaps, g => g.From == CourseBuilder.AtHours(14) && g.To == CourseBuilder.AtHours(30));
    }

    [Fact]
    public void Late_observations_far_back_in_a_long_course_give_the_same_result_as_in_order()
    {
        var fevers = new[] { 30m, 31m, 75m }.Select(h => Accepted($"t-{h}", "8310-5", ObservationValue.Of(38.5m), "Cel", h)).ToArray();
        var pulses = Enumerable.Range(0, 200).Select(h => Accepted($"p-{h}", "8867-4", ObservationValue.Of(80m + h % 7), "/min", h)).ToArray();
        var inOrder = new PatientTimeline(new PatientProfile(CourseBuilder.InfusionAt, 40));
        foreach (var observation in pulses.Concat(fevers).OrderBy(o => o.EffectiveAt)) inOrder.Add(observation);
        var late = new PatientTimeline(new PatientProfile(CourseBuilder.InfusionAt, 40));
        foreach (var observation in pulses.Concat(fevers.Reverse())) late.Add(observation);

        var asOf = CourseBuilder.AtHours(200);
        Assert.Equal(VignetteTests.Summary(inOrder.Assess(asOf)), VignetteTests.Summary(late.Assess(asOf)));
        Assert.Equal(2, late.Assess(asOf).Crs.Episodes.Count);
    }
}
