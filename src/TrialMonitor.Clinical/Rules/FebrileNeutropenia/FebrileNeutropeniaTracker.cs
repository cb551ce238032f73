using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Readings;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.Clinical.Rules.FebrileNeutropenia;

internal struct FebrileNeutropeniaBasis
{
    public Observation? SustainedFrom;
    public Observation? Fever;
    public Observation? PreviousNeutrophilCount;
    public Observation? NeutrophilCount;

    public readonly IReadOnlyList<Reading> ToReadings() => Reading.FromAll(SustainedFrom, Fever, PreviousNeutrophilCount, NeutrophilCount);
}

/// <summary>
/// Febrile neutropenia walked in effective-time order (rules.md 0.1, 3.1–3.3): met at time t when a fever by
/// the trial's definition happened in the 24 h up to t and the latest ANC drawn in the 48 h up to t is
/// below 500/µL, or below 1000/µL, lower than the ANC before it, and t is within day 14.
/// Several temperatures at one instant count as the highest; several counts as the lowest.
/// </summary>
internal struct FebrileNeutropeniaTracker
{
    private int _runReadings;
    private long _runStartTicks;
    private Observation? _runStart;
    private long _lastFeverTicks;
    private Observation? _lastFever;
    private Observation? _lastFeverRunStart;
    private long _recheckDueTicks;
    private Observation? _latestTemperature;
    private Observation? _latestCount;
    private Observation? _previousCount;

    private bool _met;
    private long _firstMetTicks;
    private FebrileNeutropeniaBasis _firstMetBasis;

    public static FebrileNeutropeniaTracker Start() => new()
    {
        _runStartTicks = Ticks.Never,
        _lastFeverTicks = Ticks.Never,
        _recheckDueTicks = Ticks.Never,
        _firstMetTicks = Ticks.Never,
    };

    public readonly long LastFeverTicks => _lastFeverTicks;

    public void Step(long ticks, ReadOnlySpan<Observation> atThisInstant, RuleContext context)
    {
        var options = context.Options.FebrileNeutropenia;
        Observation? hottest = null;
        Observation? lowestCount = null;
        foreach (var observation in atThisInstant)
        {
            if (observation.Parameter == Parameter.Temperature && (hottest is null || observation.Quantity > hottest.Quantity))
                hottest = observation;
            else if (observation.Parameter == Parameter.NeutrophilCount && (lowestCount is null || observation.Quantity < lowestCount.Quantity))
                lowestCount = observation;
        }

        if (lowestCount is not null)
        {
            _previousCount = _latestCount;
            _latestCount = lowestCount;
        }

        if (hottest is not null) TrackFever(ticks, hottest, options);
        if (ticks < context.InfusionTicks || _met) return;

        var arm = ArmAt(ticks, context);
        if (arm == NeutropeniaArm.None) return;
        _met = true;
        _firstMetTicks = ticks;
        _firstMetBasis = BasisFor(arm);
    }

    public readonly FebrileNeutropeniaAssessment Assess(long asOfTicks, RuleContext context)
    {
        var options = context.Options.FebrileNeutropenia;
        var arm = asOfTicks >= context.InfusionTicks ? ArmAt(asOfTicks, context) : NeutropeniaArm.None;
        var axillary = _latestTemperature is { TemperatureSite: TemperatureSite.Axillary } reading
                       && reading.Quantity >= options.AxillaryReviewFromCelsius
                       && reading.Quantity <= options.AxillaryReviewToCelsius;
        return new FebrileNeutropeniaAssessment
        {
            Active = arm != NeutropeniaArm.None,
            Met = _met,
            FirstMetAt = Ticks.ToTimeOrNull(_firstMetTicks),
            Arm = arm,
            Definition = options.Fever.Name,
            TemperatureRecheckDueBy = Ticks.ToTimeOrNull(_recheckDueTicks),
            AxillaryReadingNeedsReview = axillary,
            Readings = arm == NeutropeniaArm.None ? [] : BasisFor(arm).ToReadings(),
            FirstMetReadings = _firstMetBasis.ToReadings(),
        };
    }

    private void TrackFever(long ticks, Observation hottest, FebrileNeutropeniaOptions options)
    {
        var criteria = options.Fever;
        _latestTemperature = hottest;
        if (criteria.CountsTowardsSustained(hottest.Quantity))
        {
            if (_runReadings == 0)
            {
                _runStartTicks = ticks;
                _runStart = hottest;
            }

            _runReadings++;
        }
        else
        {
            // A lower reading in between breaks a sustained fever (rules.md 3.3).
            _runReadings = 0;
            _runStartTicks = Ticks.Never;
            _runStart = null;
        }

        var sustained = _runReadings >= 2 && ticks - _runStartTicks >= criteria.SustainedFor.Ticks;
        if (criteria.IsSingleFever(hottest.Quantity) || sustained)
        {
            _lastFeverTicks = ticks;
            _lastFever = hottest;
            _lastFeverRunStart = sustained && !criteria.IsSingleFever(hottest.Quantity) ? _runStart : null;
            _recheckDueTicks = Ticks.Never;
        }
        else
        {
            _recheckDueTicks = _runReadings > 0 ? _runStartTicks + options.RecheckWithin.Ticks : Ticks.Never;
        }
    }

    private readonly NeutropeniaArm ArmAt(long ticks, RuleContext context)
    {
        var options = context.Options.FebrileNeutropenia;
        if (_lastFever is null || ticks - _lastFeverTicks > options.FeverWithin.Ticks) return NeutropeniaArm.None;
        if (_latestCount is null || ticks - _latestCount.Ticks > options.NeutrophilCountWithin.Ticks) return NeutropeniaArm.None;
        var perMicrolitre = _latestCount.Quantity * 1000m;
        if (perMicrolitre < options.NeutropeniaBelowPerMicrolitre) return NeutropeniaArm.Measured;
        var falling = _previousCount is not null && _latestCount.Quantity < _previousCount.Quantity;
        return perMicrolitre < options.AnticipatedBelowPerMicrolitre && falling && context.DayOf(ticks) <= options.AnticipatedUpToDay
            ? NeutropeniaArm.Anticipated
            : NeutropeniaArm.None;
    }

    private readonly FebrileNeutropeniaBasis BasisFor(NeutropeniaArm arm) => new()
    {
        SustainedFrom = _lastFeverRunStart,
        Fever = _lastFever,
        PreviousNeutrophilCount = arm == NeutropeniaArm.Anticipated ? _previousCount : null,
        NeutrophilCount = _latestCount,
    };
}
