using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Readings;
using TrialMonitor.Clinical.Rules.Icaht;
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

    // Derived from DailyLowestNeutrophils alone, which changes with a new daily low only; every assessment reads it.
    private IcahtAssessment? _icaht;

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
                _icaht = null;
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

    /// <summary>
    /// Early and late ICAHT from the daily ANC lows (in cells/µL), citing the lowest ANC since infusion (the first of
    /// equal lows); graded again only when a new daily low arrives.
    /// </summary>
    public IcahtAssessment Icaht()
    {
        if (_icaht is { } graded) return graded;
        var dailyLowest = DailyLowestNeutrophils.Select(o => o is null ? (decimal?)null : o.Quantity * 1000m).ToArray();
        var nadir = DailyLowestNeutrophils.Where(o => o is not null).MinBy(o => o!.Quantity);
        var options = context.Options.Icaht;
        return _icaht = new IcahtAssessment
        {
            Early = IcahtGrading.Early(dailyLowest, followUpEnded: false, options),
            Late = IcahtGrading.Late(dailyLowest, options),
            Readings = nadir is null ? [] : [Reading.From(nadir)],
        };
    }

    public Observation? BaselineOf(Parameter parameter) => Baseline[(int)parameter];
}
