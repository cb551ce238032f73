namespace TrialMonitor.Clinical.Sae;

/// <summary>The three reporting clocks of an SAE draft, named as the API names them.</summary>
public static class SaeClockNames
{
    public const string SponsorNotification = "sponsor-notification";
    public const string Expedited7Day = "expedited-7-day";
    public const string Expedited15Day = "expedited-15-day";

    public static IReadOnlyList<string> All { get; } = [SponsorNotification, Expedited7Day, Expedited15Day];

    public static bool IsKnown(string clock) => All.Contains(clock, StringComparer.Ordinal);

    /// <summary>How a reason text names the clock.</summary>
    public static string Describe(string clock) => clock switch
    {
        SponsorNotification => "sponsor notification",
        Expedited7Day => "7-day expedited report",
        Expedited15Day => "15-day expedited report",
        _ => clock,
    };
}

/// <summary>One clock's deadline.</summary>
public sealed record SaeDeadline(string Clock, DateTimeOffset DueAt);

/// <summary>Deadlines from the time of awareness, and which of them are overdue. Pure.</summary>
public static class SaeClocks
{
    /// <summary>Sponsor notification, 7-day and 15-day expedited reports, each from <paramref name="awarenessAt"/> (ICH E6(R2) 4.11.1, ICH E2A).</summary>
    public static IReadOnlyList<SaeDeadline> Deadlines(DateTimeOffset awarenessAt, SaeOptions? options = null)
    {
        options ??= SaeOptions.Default;
        return
        [
            new(SaeClockNames.SponsorNotification, awarenessAt + options.SponsorNotificationWithin),
            new(SaeClockNames.Expedited7Day, awarenessAt + options.Expedited7Days),
            new(SaeClockNames.Expedited15Day, awarenessAt + options.Expedited15Days),
        ];
    }

    /// <summary>
    /// The deadlines passed at <paramref name="now"/> whose clock is not in <paramref name="completed"/>. A report
    /// made at the due time itself is in time ("within 24 h"), so a clock is overdue only once now is after it.
    /// </summary>
    public static IReadOnlyList<SaeDeadline> Overdue(IEnumerable<SaeDeadline> deadlines, IReadOnlyCollection<string> completed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deadlines);
        ArgumentNullException.ThrowIfNull(completed);
        return deadlines.Where(d => now > d.DueAt && !completed.Contains(d.Clock)).ToArray();
    }

    /// <summary>The earliest deadline not yet passed at <paramref name="now"/> among clocks not completed; null when none is left.</summary>
    public static DateTimeOffset? NextDue(IEnumerable<SaeDeadline> deadlines, IReadOnlyCollection<string> completed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deadlines);
        ArgumentNullException.ThrowIfNull(completed);
        DateTimeOffset? next = null;
        foreach (var deadline in deadlines)
        {
            if (completed.Contains(deadline.Clock) || now > deadline.DueAt) continue;
            if (next is null || deadline.DueAt < next) next = deadline.DueAt;
        }

        return next;
    }
}
