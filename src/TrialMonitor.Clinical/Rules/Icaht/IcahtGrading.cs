namespace TrialMonitor.Clinical.Rules.Icaht;

/// <summary>
/// ICAHT grade (Rejeski et al., Blood 2023;142:865; counting after Liang's implementation, rules.md 5).
/// Input is the lowest ANC of each day after infusion in cells/µL (index = day, null = no value).
/// </summary>
public static class IcahtGrading
{
    public static EarlyIcaht Early(IReadOnlyList<decimal?> dailyLowest, bool followUpEnded, IcahtOptions options)
    {
        ArgumentNullException.ThrowIfNull(dailyLowest);
        ArgumentNullException.ThrowIfNull(options);
        var days = Interpolate(dailyLowest, options.EarlyLastDay, options.MaxInterpolatedDays);
        var lastObserved = LastKnownDay(days);
        if (lastObserved < 0) return new EarlyIcaht(0, 0, 0, null, false, followUpEnded);

        var severe = LongestBridgedRun(days, options.SevereAtOrBelowPerMicrolitre, options.StableRecoveryDays);
        var profound = LongestBridgedRun(days, options.ProfoundAtOrBelowPerMicrolitre, options.StableRecoveryDays);
        var windowComplete = followUpEnded || lastObserved >= options.EarlyLastDay;
        // "Never above 500/µL": a run starting by day 3 still going at the last value once follow-up is over.
        var neverRecovered = windowComplete && severe.Length > 0 && severe.Start <= options.NoRecoveryIfStartsByDay && severe.End == lastObserved;

        var grade = 0;
        if (severe.Length >= 1) grade = 1;
        if (severe.Length >= options.SevereGrade2FromDays) grade = 2;
        if (severe.Length >= options.SevereGrade3FromDays || profound.Length >= options.ProfoundGrade3FromDays) grade = 3;
        if (profound.Length >= options.ProfoundGrade4FromDays || neverRecovered) grade = 4;
        return new EarlyIcaht(grade, severe.Length, profound.Length, severe.Length > 0 ? severe.Start : null, neverRecovered, windowComplete);
    }

    public static LateIcaht Late(IReadOnlyList<decimal?> dailyLowest, IcahtOptions options)
    {
        ArgumentNullException.ThrowIfNull(dailyLowest);
        ArgumentNullException.ThrowIfNull(options);
        var thresholds = options.LateGradeAtOrBelowPerMicrolitre;
        var count = 0;
        decimal? nadir = null;
        for (var day = options.LateFirstDay; day <= Math.Min(options.LateLastDay, dailyLowest.Count - 1); day++)
        {
            if (dailyLowest[day] is not { } value) continue;
            if (value <= thresholds[0]) count++;
            if (nadir is null || value < nadir) nadir = value;
        }

        var grade = 0;
        if (count >= options.LateMinimumDays)
        {
            for (var i = 0; i < thresholds.Count; i++)
            {
                if (nadir <= thresholds[i]) grade = i + 1;
            }
        }

        return new LateIcaht(grade, count, nadir);
    }

    /// <summary>Fills gaps of up to <paramref name="maxGapDays"/> missing days linearly; longer gaps stay unknown.</summary>
    internal static decimal?[] Interpolate(IReadOnlyList<decimal?> dailyLowest, int lastDay, int maxGapDays)
    {
        var days = new decimal?[lastDay + 1];
        var previous = -1;
        for (var day = 0; day <= lastDay && day < dailyLowest.Count; day++)
        {
            if (dailyLowest[day] is not { } value) continue;
            days[day] = value;
            var gap = day - previous - 1;
            if (previous >= 0 && gap > 0 && gap <= maxGapDays)
            {
                var from = days[previous]!.Value;
                for (var missing = previous + 1; missing < day; missing++)
                    days[missing] = from + (value - from) * (missing - previous) / (day - previous);
            }

            previous = day;
        }

        return days;
    }

    private static int LastKnownDay(decimal?[] days)
    {
        for (var day = days.Length - 1; day >= 0; day--)
        {
            if (days[day] is not null) return day;
        }

        return -1;
    }

    /// <summary>
    /// The longest period at or below the threshold, joining periods separated by fewer than
    /// <paramref name="stableRecoveryDays"/> days above it and counting the days in between.
    /// An unknown day ends a period.
    /// </summary>
    internal static (int Start, int End, int Length) LongestBridgedRun(decimal?[] days, decimal threshold, int stableRecoveryDays)
    {
        (int Start, int End, int Length) best = (0, -1, 0);
        var start = -1;
        var end = -1;
        var daysAbove = 0;
        for (var day = 0; day < days.Length; day++)
        {
            if (days[day] is not { } value)
            {
                Close();
                continue;
            }

            if (value <= threshold)
            {
                if (start < 0) start = day;
                end = day;
                daysAbove = 0;
            }
            else if (start >= 0 && ++daysAbove >= stableRecoveryDays)
            {
                Close();
            }
        }

        Close();
        return best;

        void Close()
        {
            if (start >= 0 && end - start + 1 > best.Length) best = (start, end, end - start + 1);
            start = -1;
            end = -1;
            daysAbove = 0;
        }
    }
}
