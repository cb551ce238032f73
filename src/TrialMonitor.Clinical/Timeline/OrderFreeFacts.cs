using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Rules.MissingData;

namespace TrialMonitor.Clinical.Timeline;

/// <summary>
/// Facts that do not depend on the order observations are met in (a minimum per day, the latest in a window,
/// the last time seen), so they are updated in O(1) and never replayed.
/// </summary>
internal sealed class OrderFreeFacts(RuleContext context)
{
    private const int LastTrackedDay = 100;

    /// <summary>The lowest ANC of each day after infusion (ICAHT uses the lowest of a day, rules.md 5.1).</summary>
    public Observation?[] DailyLowestNeutrophils { get; } = new Observation?[LastTrackedDay + 1];

    /// <summary>The latest value of each parameter in the baseline window.</summary>
    public Observation?[] Baseline { get; } = new Observation?[ParameterCount.Value];

    public long LastVitalSignTicks { get; private set; } = Ticks.Never;

    // Derived from DailyLowestNeutrophils, which changes with a new ANC only; every assessment reads them.
    private decimal?[]? _dailyLowestPerMicrolitre;
    private Observation? _nadir;

    public void Record(Observation observation)
    {
        var day = context.DayOf(observation.Ticks);
        if (observation.Parameter == Parameter.NeutrophilCount && day is >= 0 and <= LastTrackedDay)
        {
            var current = DailyLowestNeutrophils[day];
            if (current is null || observation.Quantity < current.Quantity
                                || (observation.Quantity == current.Quantity && ObservationOrder.Instance.Compare(observation, current) > 0))
            {
                DailyLowestNeutrophils[day] = observation;
                _dailyLowestPerMicrolitre = null;
                _nadir = null;
            }
        }

        var window = context.Options.Baseline;
        if (day >= window.FirstDay && day <= window.LastDay)
        {
            var current = Baseline[(int)observation.Parameter];
            if (current is null || ObservationOrder.Instance.Compare(observation, current) > 0)
                Baseline[(int)observation.Parameter] = observation;
        }

        if (MissingDataRules.IsVitalSign(observation.Parameter) && observation.Ticks > LastVitalSignTicks)
            LastVitalSignTicks = observation.Ticks;
    }

    /// <summary>The lowest ANC of each day in cells/µL; the same (read-only) list until a new daily lowest arrives.</summary>
    public IReadOnlyList<decimal?> DailyLowestPerMicrolitre() =>
        _dailyLowestPerMicrolitre ??= DailyLowestNeutrophils.Select(o => o is null ? (decimal?)null : o.Quantity * 1000m).ToArray();

    /// <summary>The lowest ANC since infusion (up to the last tracked day); the first of equal lows.</summary>
    public Observation? Nadir() => _nadir ??= DailyLowestNeutrophils.Where(o => o is not null).MinBy(o => o!.Quantity);

    public Observation? BaselineOf(Parameter parameter) => Baseline[(int)parameter];
}
