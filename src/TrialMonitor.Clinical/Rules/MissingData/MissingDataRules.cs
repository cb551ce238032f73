using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Rules.MissingData;

/// <summary>A missing expected observation is an event, not "normal" (rules.md 10.2 [P]).</summary>
public sealed record MissingDataOptions
{
    /// <summary>Vital signs are expected at least every 4 h in days 1–14; more than 6 h without any is an event (rules.md 10.2 [P]).</summary>
    public TimeSpan MaxVitalSignGap { get; init; } = TimeSpan.FromHours(6);

    /// <summary>The expectation holds during days 0–14 (rules.md 10.2 [P]).</summary>
    public int LastDay { get; init; } = 14;
}

public sealed record VitalSignGap(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To - From;
}

public sealed record MissingDataAssessment
{
    public bool VitalSignsOverdue { get; init; }

    /// <summary>The last vital sign taken (or the infusion, when none since).</summary>
    public DateTimeOffset? LastVitalSignAt { get; init; }

    public DateTimeOffset? OverdueSince { get; init; }

    public string Reason => VitalSignsOverdue && LastVitalSignAt is { } last
        ? $"no vital signs since {last:yyyy-MM-dd HH:mm}Z"
        : "";
}

/// <summary>No vital signs for more than 6 h during days 0–14 after infusion (rules.md 10.2 [P]).</summary>
public static class MissingDataRules
{
    public static bool IsVitalSign(Parameter parameter) => parameter is Parameter.Temperature or Parameter.HeartRate
        or Parameter.RespiratoryRate or Parameter.SystolicBloodPressure or Parameter.DiastolicBloodPressure or Parameter.OxygenSaturation;

    public static MissingDataAssessment Assess(DateTimeOffset infusionAt, DateTimeOffset? lastVitalSignAt, DateTimeOffset asOf, MissingDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var windowEnd = infusionAt.AddDays(options.LastDay + 1);
        if (asOf < infusionAt || asOf >= windowEnd) return new MissingDataAssessment { LastVitalSignAt = lastVitalSignAt };

        var reference = lastVitalSignAt is { } last && last > infusionAt ? last : infusionAt;
        var overdue = asOf - reference > options.MaxVitalSignGap;
        return new MissingDataAssessment
        {
            VitalSignsOverdue = overdue,
            LastVitalSignAt = reference,
            OverdueSince = overdue ? reference + options.MaxVitalSignGap : null,
        };
    }

    /// <summary>Every gap longer than allowed between vital signs in days 0–14, up to <paramref name="asOf"/>, for the record.</summary>
    public static IReadOnlyList<VitalSignGap> Gaps(DateTimeOffset infusionAt, IEnumerable<DateTimeOffset> vitalSignTimes, DateTimeOffset asOf, MissingDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(vitalSignTimes);
        ArgumentNullException.ThrowIfNull(options);
        var windowEnd = infusionAt.AddDays(options.LastDay + 1);
        var end = asOf < windowEnd ? asOf : windowEnd;
        var gaps = new List<VitalSignGap>();
        var previous = infusionAt;
        foreach (var time in vitalSignTimes.Where(t => t > infusionAt && t <= end).Order())
        {
            if (time - previous > options.MaxVitalSignGap) gaps.Add(new VitalSignGap(previous, time));
            previous = time;
        }

        if (end - previous > options.MaxVitalSignGap) gaps.Add(new VitalSignGap(previous, end));
        return gaps;
    }
}
