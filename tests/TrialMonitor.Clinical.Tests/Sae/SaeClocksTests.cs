using TrialMonitor.Clinical.Sae;

namespace TrialMonitor.Clinical.Tests.Sae;

/// <summary>The three reporting clocks from awareness (ICH E6(R2) 4.11.1, ICH E2A) and which are overdue.</summary>
public sealed class SaeClocksTests
{
    private static readonly DateTimeOffset Aware = new(2026, 1, 12, 11, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Deadlines_are_24_hours_7_days_and_15_days_after_awareness()
    {
        var deadlines = SaeClocks.Deadlines(Aware);

        Assert.Equal(
            [
                new SaeDeadline("sponsor-notification", new DateTimeOffset(2026, 1, 13, 11, 0, 0, TimeSpan.Zero)),
                new SaeDeadline("expedited-7-day", new DateTimeOffset(2026, 1, 19, 11, 0, 0, TimeSpan.Zero)),
                new SaeDeadline("expedited-15-day", new DateTimeOffset(2026, 1, 27, 11, 0, 0, TimeSpan.Zero)),
            ],
            deadlines);
        Assert.Equal(SaeClockNames.All, deadlines.Select(d => d.Clock));
    }

    [Fact]
    public void Deadlines_keep_the_offset_of_awareness_and_follow_the_options()
    {
        var aware = new DateTimeOffset(2026, 3, 28, 23, 30, 0, TimeSpan.FromHours(1));
        var options = new SaeOptions { SponsorNotificationWithin = TimeSpan.FromHours(12), Expedited7Days = TimeSpan.FromDays(5), Expedited15Days = TimeSpan.FromDays(10) };

        var deadlines = SaeClocks.Deadlines(aware, options);

        Assert.Equal([aware.AddHours(12), aware.AddDays(5), aware.AddDays(10)], deadlines.Select(d => d.DueAt));
        Assert.All(deadlines, d => Assert.Equal(TimeSpan.FromHours(1), d.DueAt.Offset));
    }

    [Theory]
    // Before, at and after each deadline: the due time itself is still in time.
    [InlineData(0, "", "")]
    [InlineData(23 * 60 + 59, "", "")]
    [InlineData(24 * 60, "", "")]
    [InlineData(24 * 60 + 1, "", "sponsor-notification")]
    [InlineData(7 * 24 * 60, "", "sponsor-notification")]
    [InlineData(7 * 24 * 60 + 1, "", "sponsor-notification,expedited-7-day")]
    [InlineData(15 * 24 * 60, "", "sponsor-notification,expedited-7-day")]
    [InlineData(15 * 24 * 60 + 1, "", "sponsor-notification,expedited-7-day,expedited-15-day")]
    // Completed clocks are never overdue, whenever they were completed.
    [InlineData(24 * 60 + 1, "sponsor-notification", "")]
    [InlineData(7 * 24 * 60 + 1, "sponsor-notification", "expedited-7-day")]
    [InlineData(15 * 24 * 60 + 1, "expedited-7-day", "sponsor-notification,expedited-15-day")]
    [InlineData(15 * 24 * 60 + 1, "sponsor-notification,expedited-7-day,expedited-15-day", "")]
    public void Overdue_are_the_passed_deadlines_not_completed(int minutesAfterAwareness, string completed, string overdue)
    {
        var done = completed.Split(',', StringSplitOptions.RemoveEmptyEntries);

        var late = SaeClocks.Overdue(SaeClocks.Deadlines(Aware), done, Aware.AddMinutes(minutesAfterAwareness));

        Assert.Equal(overdue.Split(',', StringSplitOptions.RemoveEmptyEntries), late.Select(d => d.Clock));
    }

    [Theory]
    [InlineData(0, "", 24 * 60)]
    [InlineData(24 * 60, "", 24 * 60)]
    [InlineData(24 * 60 + 1, "", 7 * 24 * 60)]
    [InlineData(0, "sponsor-notification", 7 * 24 * 60)]
    [InlineData(0, "sponsor-notification,expedited-7-day", 15 * 24 * 60)]
    [InlineData(15 * 24 * 60 + 1, "", null)]
    [InlineData(0, "sponsor-notification,expedited-7-day,expedited-15-day", null)]
    public void Next_due_is_the_earliest_deadline_still_ahead(int minutesAfterAwareness, string completed, int? nextMinutes)
    {
        var done = completed.Split(',', StringSplitOptions.RemoveEmptyEntries);

        var next = SaeClocks.NextDue(SaeClocks.Deadlines(Aware), done, Aware.AddMinutes(minutesAfterAwareness));

        Assert.Equal(nextMinutes is { } m ? Aware.AddMinutes(m) : null, next);
    }

    [Theory]
    [InlineData("sponsor-notification", true)]
    [InlineData("expedited-7-day", true)]
    [InlineData("expedited-15-day", true)]
    [InlineData("expedited-30-day", false)]
    [InlineData("Sponsor-Notification", false)]
    [InlineData("", false)]
    public void Clock_names_are_exact(string clock, bool known) => Assert.Equal(known, SaeClockNames.IsKnown(clock));
}
