using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Rules.Icaht;
using TrialMonitor.Clinical.Tests.Support;

namespace TrialMonitor.Clinical.Tests.Rules;

/// <summary>Both sides of the early and late ICAHT thresholds and counting rules (rules.md 5.1–5.2).</summary>
public sealed class IcahtBoundaryTests
{
    private const decimal Recovered = 2000m;

    /// <summary>Daily ANC in cells/µL at 08:00 (infusion time of day); days without an entry have no value.</summary>
    private sealed class DailyAnc
    {
        private readonly SortedDictionary<int, decimal> _byDay = [];

        public DailyAnc Fill(int fromDay, int toDay, decimal perMicrolitre)
        {
            for (var day = fromDay; day <= toDay; day++) _byDay[day] = perMicrolitre;
            return this;
        }

        public DailyAnc Clear(int fromDay, int toDay)
        {
            for (var day = fromDay; day <= toDay; day++) _byDay.Remove(day);
            return this;
        }

        public IcahtAssessment AssessOnDay(int day)
        {
            var course = new CourseBuilder();
            foreach (var (d, count) in _byDay)
                course.Add(CourseBuilder.AtDay(d), "751-8", ObservationValue.Of(count), "/uL");
            return course.Timeline.Assess(CourseBuilder.AtDay(day, 12)).Icaht;
        }
    }

    /// <summary>Recovered (2000/µL) on every day 0–30 except a run of <paramref name="days"/> days at <paramref name="value"/> from day 5.</summary>
    private static IcahtAssessment EarlyRun(int days, decimal value) =>
        new DailyAnc().Fill(0, 30, Recovered).Fill(5, 5 + days - 1, value).AssessOnDay(30);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(6, 1)]
    [InlineData(7, 2)]
    [InlineData(13, 2)]
    [InlineData(14, 3)]
    [InlineData(20, 3)]
    public void Early_grade_by_days_at_or_below_500(int days, int grade)
    {
        var early = EarlyRun(days, 300).Early;

        Assert.Equal(grade, early.Grade);
        Assert.Equal(days, early.SevereNeutropeniaDays);
        Assert.Equal(0, early.ProfoundNeutropeniaDays);
        Assert.False(early.NeverRecovered);
    }

    [Theory]
    // ≤ 100/µL for ≥ 7 days is grade 3 although ≤ 500/µL lasts < 14 days; ≥ 14 days is grade 4.
    [InlineData(6, 1)]
    [InlineData(7, 3)]
    [InlineData(13, 3)]
    [InlineData(14, 4)]
    public void Early_grade_by_days_at_or_below_100(int days, int grade)
    {
        var early = EarlyRun(days, 50).Early;

        Assert.Equal(grade, early.Grade);
        Assert.Equal(days, early.ProfoundNeutropeniaDays);
        Assert.Equal(days, early.SevereNeutropeniaDays);
    }

    [Theory]
    // ICAHT counts ANC ≤ 500 and ≤ 100 (rules.md 3.3, 5.1): the threshold value itself counts.
    [InlineData(499, 2, 7, 0)]
    [InlineData(500, 2, 7, 0)]
    [InlineData(501, 0, 0, 0)]
    [InlineData(99, 3, 7, 7)]
    [InlineData(100, 3, 7, 7)]
    [InlineData(101, 2, 7, 0)]
    public void Seven_days_at_a_threshold_value(double perMicrolitre, int grade, int severeDays, int profoundDays)
    {
        var early = EarlyRun(7, (decimal)perMicrolitre).Early;

        Assert.Equal(grade, early.Grade);
        Assert.Equal(severeDays, early.SevereNeutropeniaDays);
        Assert.Equal(profoundDays, early.ProfoundNeutropeniaDays);
    }

    [Theory]
    // Two 6-day runs at 300/µL: fewer than 3 days above 500 between them is a non-stable recovery, bridged with the days counted.
    [InlineData(1, 2000, 13, 2)]
    [InlineData(2, 2000, 14, 3)]
    [InlineData(3, 2000, 6, 1)]
    [InlineData(2, 501, 14, 3)]
    [InlineData(3, 501, 6, 1)]
    // 500 is not above the threshold: no recovery at all, one 15-day run.
    [InlineData(3, 500, 15, 3)]
    public void Runs_at_or_below_500_separated_by_fewer_than_3_days_above_are_joined(int gapDays, double gapValue, int severeDays, int grade)
    {
        var early = new DailyAnc()
            .Fill(0, 30, Recovered)
            .Fill(5, 10, 300)
            .Fill(11, 10 + gapDays, (decimal)gapValue)
            .Fill(11 + gapDays, 16 + gapDays, 300)
            .AssessOnDay(30).Early;

        Assert.Equal(severeDays, early.SevereNeutropeniaDays);
        Assert.Equal(grade, early.Grade);
        Assert.Equal(5, early.SevereNeutropeniaFromDay);
    }

    [Theory]
    // Two 4-day runs at 50/µL with 300/µL between: ≤ 100 bridged over < 3 days reaches 7 days → grade 3.
    [InlineData(2, 10, 3)]
    [InlineData(3, 4, 2)]
    public void Runs_at_or_below_100_are_bridged_the_same_way(int gapDays, int profoundDays, int grade)
    {
        var early = new DailyAnc()
            .Fill(0, 30, Recovered)
            .Fill(5, 8, 50)
            .Fill(9, 8 + gapDays, 300)
            .Fill(9 + gapDays, 12 + gapDays, 50)
            .AssessOnDay(30).Early;

        Assert.Equal(profoundDays, early.ProfoundNeutropeniaDays);
        Assert.Equal(8 + gapDays, early.SevereNeutropeniaDays);
        Assert.Equal(grade, early.Grade);
    }

    [Theory]
    // ANC ≤ 500 from day s to the last value (day 30), never above 500: grade 4 when it starts in days 0–3.
    [InlineData(0, 4, true)]
    [InlineData(3, 4, true)]
    [InlineData(4, 3, false)]
    public void Neutropenia_that_never_recovers_is_grade_4_only_when_it_starts_by_day_3(int fromDay, int grade, bool neverRecovered)
    {
        var early = new DailyAnc().Fill(0, 30, Recovered).Fill(fromDay, 30, 400).AssessOnDay(30).Early;

        Assert.Equal(grade, early.Grade);
        Assert.Equal(neverRecovered, early.NeverRecovered);
        Assert.Equal(31 - fromDay, early.SevereNeutropeniaDays);
    }

    [Theory]
    // 300/µL on day 5 and again after the missing days: up to 7 missing days are interpolated (300 → 300), longer gaps are not.
    [InlineData(6, 8, 2)]
    [InlineData(7, 9, 2)]
    [InlineData(8, 1, 1)]
    public void Missing_days_are_interpolated_across_gaps_of_up_to_7_days(int missingDays, int severeDays, int grade)
    {
        var early = new DailyAnc()
            .Fill(0, 30, Recovered)
            .Fill(5, 6 + missingDays, 300)
            .Clear(6, 5 + missingDays)
            .AssessOnDay(30).Early;

        Assert.Equal(severeDays, early.SevereNeutropeniaDays);
        Assert.Equal(grade, early.Grade);
    }

    [Fact]
    public void Interpolation_is_linear_and_an_interpolated_500_counts()
    {
        // Day 5: 100, day 9: 900 → days 6, 7, 8 interpolated as 300, 500, 700.
        var early = new DailyAnc()
            .Fill(0, 30, Recovered)
            .Fill(5, 5, 100)
            .Clear(6, 8)
            .Fill(9, 9, 900)
            .AssessOnDay(30).Early;

        Assert.Equal(3, early.SevereNeutropeniaDays);
        Assert.Equal(1, early.ProfoundNeutropeniaDays);
        Assert.Equal(1, early.Grade);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Several_values_on_one_day_count_by_the_lowest(bool lowFirst)
    {
        var course = new CourseBuilder();
        for (var day = 0; day <= 30; day++)
        {
            var low = day is >= 5 and <= 11;
            var (morning, evening) = low && lowFirst ? (450m, Recovered) : (Recovered, low ? 450m : Recovered);
            course.Add(CourseBuilder.AtDay(day, 8), "751-8", ObservationValue.Of(morning), "/uL");
            course.Add(CourseBuilder.AtDay(day, 20), "751-8", ObservationValue.Of(evening), "/uL");
        }

        var early = course.Timeline.Assess(CourseBuilder.AtDay(30, 22)).Icaht.Early;

        Assert.Equal(7, early.SevereNeutropeniaDays);
        Assert.Equal(2, early.Grade);
    }

    /// <summary>Recovered days 0–30, then the given values after day 30; assessed on day 101.</summary>
    private static LateIcaht Late(params (int Day, double PerMicrolitre)[] values)
    {
        var anc = new DailyAnc().Fill(0, 30, Recovered);
        foreach (var (day, count) in values) anc.Fill(day, day, (decimal)count);
        var icaht = anc.AssessOnDay(101);
        Assert.Equal(0, icaht.Early.Grade);
        return icaht.Late;
    }

    [Theory]
    // Two values after day 30 at the same level: graded by the nadir, ≤ 1500 → 1, ≤ 1000 → 2, ≤ 500 → 3, ≤ 100 → 4.
    [InlineData(1501, 0, 0)]
    [InlineData(1500, 1, 2)]
    [InlineData(1001, 1, 2)]
    [InlineData(1000, 2, 2)]
    [InlineData(501, 2, 2)]
    [InlineData(500, 3, 2)]
    [InlineData(101, 3, 2)]
    [InlineData(100, 4, 2)]
    [InlineData(0, 4, 2)]
    public void Late_grade_by_nadir(double perMicrolitre, int grade, int daysAtOrBelow1500)
    {
        var late = Late((40, perMicrolitre), (50, perMicrolitre));

        Assert.Equal(grade, late.Grade);
        Assert.Equal(daysAtOrBelow1500, late.DaysAtOrBelow1500);
        Assert.Equal((decimal)perMicrolitre, late.NadirPerMicrolitre);
    }

    [Theory]
    // A single value ≤ 1500 is transient; a second one makes it non-transient, and the nadir sets the grade.
    [InlineData(100, 1501, 0)]
    [InlineData(100, 1500, 4)]
    [InlineData(950, 1600, 0)]
    [InlineData(950, 1300, 2)]
    public void Late_neutropenia_needs_two_values_at_or_below_1500(double first, double second, int grade) =>
        Assert.Equal(grade, Late((40, first), (50, second)).Grade);

    [Theory]
    // The late window is day +31 to +100: a value on day 30 (early) or day 101 is not a late value.
    [InlineData(30, 40, 0)]
    [InlineData(31, 40, 2)]
    [InlineData(40, 100, 2)]
    [InlineData(40, 101, 0)]
    public void Late_window_is_day_31_to_day_100(int firstDay, int secondDay, int grade)
    {
        var late = Late((firstDay, 900), (secondDay, 900));

        Assert.Equal(grade, late.Grade);
    }
}
