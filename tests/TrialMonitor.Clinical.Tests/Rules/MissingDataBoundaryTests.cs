using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Rules.MissingData;
using TrialMonitor.Clinical.Tests.Support;

namespace TrialMonitor.Clinical.Tests.Rules;

/// <summary>"No vitals for &gt; 6 h during days 0–14" on both sides of 6 h and of the day 14 / day 15 edge (rules.md 10.2 [P]).</summary>
public sealed class MissingDataBoundaryTests
{
    private static DateTimeOffset AtMinutes(int minutes) => CourseBuilder.InfusionAt.AddMinutes(minutes);

    private static MissingDataAssessment Assess(int? lastVitalAtMinutes, int asOfMinutes)
    {
        var course = new CourseBuilder();
        if (lastVitalAtMinutes is { } at) course.Add(AtMinutes(at), "8867-4", ObservationValue.Of(80m), "/min");
        return course.Timeline.Assess(AtMinutes(asOfMinutes)).MissingData;
    }

    [Theory]
    // Last vital sign (minutes after infusion), assessed at (minutes) → overdue: exactly 6 h is not overdue, 6 h + 1 min is.
    [InlineData(600, 600 + 360, false)]
    [InlineData(600, 600 + 361, true)]
    [InlineData(600, 600 + 359, false)]
    // Day 0 with no vital sign since infusion: the clock starts at infusion.
    [InlineData(null, 360, false)]
    [InlineData(null, 361, true)]
    // Day 14 (minutes 20160–21599): still in the window.
    [InlineData(20160, 20160 + 360, false)]
    [InlineData(20160, 20160 + 361, true)]
    [InlineData(20880, 21599, true)]
    // Day 15 (from minute 21600): no longer expected, however long the gap.
    [InlineData(20880, 21600, false)]
    [InlineData(20880, 21601, false)]
    [InlineData(21300, 21300 + 361, false)]
    public void No_vital_signs_for_more_than_6_hours_during_days_0_to_14(int? lastVitalAtMinutes, int asOfMinutes, bool overdue)
    {
        var missing = Assess(lastVitalAtMinutes, asOfMinutes);

        Assert.Equal(overdue, missing.VitalSignsOverdue);
        Assert.Equal(overdue ? (DateTimeOffset?)AtMinutes((lastVitalAtMinutes ?? 0) + 360) : null, missing.OverdueSince);
    }

    [Theory]
    // Each vital sign of rules.md 10.2 restarts the 6-hour clock.
    [InlineData("8310-5", 37.0, "Cel")]
    [InlineData("8867-4", 80, "/min")]
    [InlineData("9279-1", 16, "/min")]
    [InlineData("8480-6", 120, "mm[Hg]")]
    [InlineData("8462-4", 70, "mm[Hg]")]
    [InlineData("59408-5", 97, "%")]
    public void Each_vital_sign_restarts_the_clock(string code, double value, string unit)
    {
        var course = new CourseBuilder().At(10, "8867-4", 80, "/min").At(15, code, (decimal)value, unit);

        Assert.False(course.AssessAt(21).MissingData.VitalSignsOverdue);
        Assert.True(course.AssessAt(21.1m).MissingData.VitalSignsOverdue);
    }

    [Theory]
    // A laboratory value is not a vital sign: the clock keeps running from the last vital sign.
    [InlineData("751-8", 2.0, "10*9/L")]
    [InlineData("1988-5", 12, "mg/L")]
    public void A_laboratory_value_does_not_restart_the_clock(string code, double value, string unit)
    {
        var course = new CourseBuilder().At(10, "8867-4", 80, "/min").At(15, code, (decimal)value, unit);

        Assert.True(course.AssessAt(16.1m).MissingData.VitalSignsOverdue);
    }
}
