namespace TrialMonitor.Safety.Statistics;

/// <summary>One subject's time from infusion, in days: to the event, or to censoring.</summary>
public readonly record struct TimeToEvent(double Days, bool Event);

/// <summary>
/// The Kaplan-Meier estimate of time to first event from infusion (day 0), and the cumulative incidence 1 − S(t)
/// (safety-statistics.md 4.6). Deaths before the event are censored here, not treated as a competing risk.
/// </summary>
public sealed class KaplanMeier
{
    private readonly (double Days, double Survival)[] _steps;

    public KaplanMeier(IEnumerable<TimeToEvent> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var ordered = subjects.OrderBy(s => s.Days).ToArray();
        Subjects = ordered.Length;
        Events = ordered.Count(s => s.Event);
        var steps = new List<(double, double)>();
        var atRisk = ordered.Length;
        var survival = 1.0;
        var i = 0;
        while (i < ordered.Length)
        {
            var day = ordered[i].Days;
            int events = 0, leaving = 0;
            // Events at a time come before censorings at the same time, by convention.
            for (; i < ordered.Length && ordered[i].Days == day; i++, leaving++)
            {
                if (ordered[i].Event) events++;
            }

            if (events > 0)
            {
                survival *= 1 - ((double)events / atRisk);
                steps.Add((day, survival));
            }

            atRisk -= leaving;
        }

        _steps = [.. steps];
    }

    public int Subjects { get; }

    public int Events { get; }

    /// <summary>S(t): the probability of no event up to and including day t.</summary>
    public double Survival(double days)
    {
        var survival = 1.0;
        foreach (var (day, s) in _steps)
        {
            if (day > days) break;
            survival = s;
        }

        return survival;
    }

    public double CumulativeIncidence(double days) => 1 - Survival(days);

    /// <summary>The first time S(t) ≤ 0.5; null when the median is not reached.</summary>
    public double? Median() => _steps.Where(s => s.Survival <= 0.5 + 1e-12).Select(s => (double?)s.Days).FirstOrDefault();
}
