using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Readings;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.Clinical.Rules.Crs;

/// <summary>The readings behind one CRS grade.</summary>
internal struct CrsBasis
{
    public Observation? Fever;
    public Observation? MaskingTherapy;
    public Observation? Pressors;
    public Observation? Systolic;
    public Observation? Bolus;
    public Observation? Device;
    public Observation? Flow;

    public readonly IReadOnlyList<Reading> ToReadings() =>
        Reading.FromAll(Fever, MaskingTherapy, Pressors, Systolic, Bolus, Device, Flow);
}

/// <summary>A persistent list of closed episodes, newest first, so a copy of the tracker is a checkpoint.</summary>
internal sealed record ClosedEpisodes(CrsEpisode Episode, ClosedEpisodes? Earlier);

/// <summary>
/// CRS episodes and grades walked in effective-time order (rules.md 0.1): an episode opens at the first
/// fever, keeps the fever requirement met while open (masked-fever rule, 1.3 R3), and closes once 24 h
/// pass with no fever, vasopressor, oxygen or fluid bolus (1.2). Each instant costs O(observations at it).
/// </summary>
internal struct CrsTracker
{
    private Vasopressor _pressorsRunning;
    private bool _onOxygen;
    private long _pressorsLastSeenTicks;
    private long _oxygenLastSeenTicks;
    private long _lastFeverTicks;
    private Observation? _lastFever;
    private long _lastBolusTicks;
    private Observation? _maskingTherapy;

    private bool _open;
    private int _episodeCount;
    private long _onsetTicks;
    private int _episodeMax;
    private long _episodeMaxTicks;
    private ClosedEpisodes? _closed;

    private int _grade;
    private bool _feverMasked;
    private CrsBasis _basis;
    private int _max;
    private long _maxTicks;
    private CrsBasis _maxBasis;
    private bool _possibleMasked;

    public static CrsTracker Start() => new()
    {
        _pressorsLastSeenTicks = Ticks.Never,
        _oxygenLastSeenTicks = Ticks.Never,
        _lastFeverTicks = Ticks.Never,
        _lastBolusTicks = Ticks.Never,
        _maxTicks = Ticks.Never,
    };

    public void Step(long ticks, ReadOnlySpan<Observation> atThisInstant, in LatestReadings latest, RuleContext context)
    {
        var options = context.Options.Crs;
        CloseIfResolved(ticks, options);

        Observation? fever = null;
        Observation? bolus = null;
        foreach (var observation in atThisInstant)
        {
            switch (observation.Parameter)
            {
                case Parameter.Temperature when observation.Quantity >= options.FeverAtOrAboveCelsius
                                               && (fever is null || observation.Quantity > fever.Quantity):
                    fever = observation;
                    break;
                case Parameter.FluidBolus:
                    bolus = observation;
                    break;
                case Parameter.Medication when (observation.MedicationClasses & Medications.FeverMasking) != 0:
                    _maskingTherapy = observation;
                    break;
            }
        }

        // Vasopressors and the oxygen device are snapshots: each report holds until the next (rules.md 0.1).
        var pressors = latest.Get(Parameter.Vasopressors);
        var running = pressors?.Vasopressors ?? Vasopressor.None;
        if (_pressorsRunning != Vasopressor.None || running != Vasopressor.None) _pressorsLastSeenTicks = ticks;
        _pressorsRunning = running;
        var device = latest.Get(Parameter.OxygenDevice);
        var onOxygen = device is not null && device.Device != OxygenDevice.RoomAir;
        if (_onOxygen || onOxygen) _oxygenLastSeenTicks = ticks;
        _onOxygen = onOxygen;
        if (bolus is not null) _lastBolusTicks = ticks;

        if (ticks < context.InfusionTicks) return;

        if (fever is not null)
        {
            _lastFeverTicks = ticks;
            _lastFever = fever;
            if (!_open) Open(ticks);
        }

        var systolic = latest.Get(Parameter.SystolicBloodPressure);
        var lowSystolic = systolic is not null && systolic.Quantity < options.HypotensionSystolicBelow;
        var hypotension = CrsGrading.HypotensionGrade(running, lowSystolic || bolus is not null);
        // A flow reading counts only for the device in use when it was measured.
        var flow = latest.Get(Parameter.OxygenFlow);
        if (flow is not null && device is not null && flow.Ticks < device.Ticks) flow = null;
        var hypoxia = CrsGrading.HypoxiaGrade(device?.Device, flow?.Quantity, options);

        var basis = new CrsBasis
        {
            Pressors = running != Vasopressor.None ? pressors : null,
            Systolic = hypotension == 2 && lowSystolic ? systolic : null,
            Bolus = hypotension == 2 ? bolus : null,
            Device = hypoxia > 0 ? device : null,
            Flow = hypoxia > 0 && device?.Device == OxygenDevice.NasalCannula ? flow : null,
        };

        if (_open)
        {
            var latestTemperature = latest.Get(Parameter.Temperature);
            _feverMasked = latestTemperature is not null && latestTemperature.Quantity < options.FeverAtOrAboveCelsius
                           && _maskingTherapy is not null && _maskingTherapy.Ticks >= _onsetTicks;
            basis.Fever = _lastFever;
            basis.MaskingTherapy = _feverMasked ? _maskingTherapy : null;
            _grade = CrsGrading.Grade(feverRequirementMet: true, hypotension, hypoxia);
            _basis = basis;
            _possibleMasked = false;
            if (_grade > _episodeMax)
            {
                _episodeMax = _grade;
                _episodeMaxTicks = ticks;
            }

            if (_grade > _max)
            {
                _max = _grade;
                _maxTicks = ticks;
                _maxBasis = basis;
            }
        }
        else
        {
            // R3: a drug given before any documented fever does not waive the fever requirement.
            _possibleMasked = _maskingTherapy is not null
                              && ticks - _maskingTherapy.Ticks <= options.MaskedCrsLookback.Ticks
                              && Math.Max(hypotension, hypoxia) >= 2;
            basis.MaskingTherapy = _possibleMasked ? _maskingTherapy : null;
            _basis = _possibleMasked ? basis : default;
        }
    }

    public readonly CrsAssessment Assess(long asOfTicks, RuleContext context)
    {
        var state = this;
        state.CloseIfResolved(asOfTicks, context.Options.Crs);
        var episodes = new List<CrsEpisode>();
        for (var node = state._closed; node is not null; node = node.Earlier) episodes.Add(node.Episode);
        episodes.Reverse();
        if (state._open) episodes.Add(state.CurrentEpisode(resolvedTicks: Ticks.Never));

        return new CrsAssessment
        {
            Grade = state._grade,
            MaxGrade = state._max,
            MaxGradeAt = Ticks.ToTimeOrNull(state._maxTicks),
            EpisodeOpen = state._open,
            OnsetAt = state._open ? Ticks.ToTime(state._onsetTicks) : null,
            FeverMasked = state._open && state._feverMasked,
            PossibleMaskedCrs = state._possibleMasked,
            Episodes = episodes,
            Readings = state._basis.ToReadings(),
            MaxGradeReadings = state._maxBasis.ToReadings(),
        };
    }

    private void Open(long ticks)
    {
        _open = true;
        _episodeCount++;
        _onsetTicks = ticks;
        _episodeMax = 0;
        _episodeMaxTicks = Ticks.Never;
    }

    /// <summary>Rules.md 1.2: resolved once the resolution window has passed since the last fever, pressor, oxygen or bolus.</summary>
    private void CloseIfResolved(long ticks, CrsOptions options)
    {
        if (!_open || _pressorsRunning != Vasopressor.None || _onOxygen) return;
        var lastActivity = Math.Max(Math.Max(_lastFeverTicks, _lastBolusTicks), Math.Max(_pressorsLastSeenTicks, _oxygenLastSeenTicks));
        var resolvedTicks = lastActivity + options.ResolutionAfter.Ticks;
        if (ticks < resolvedTicks) return;

        _closed = new ClosedEpisodes(CurrentEpisode(resolvedTicks), _closed);
        _open = false;
        _grade = 0;
        _feverMasked = false;
        _basis = default;
    }

    private readonly CrsEpisode CurrentEpisode(long resolvedTicks) => new(
        _episodeCount,
        Ticks.ToTime(_onsetTicks),
        Ticks.ToTimeOrNull(resolvedTicks),
        _episodeMax,
        Ticks.ToTimeOrNull(_episodeMaxTicks));
}
