using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Rules.CarHematotox;
using TrialMonitor.Clinical.Rules.Easix;
using TrialMonitor.Clinical.Rules.FebrileNeutropenia;
using TrialMonitor.Clinical.Rules.Icaht;
using TrialMonitor.Clinical.Rules.MissingData;
using TrialMonitor.Clinical.Rules.News2;

namespace TrialMonitor.Clinical.Timeline;

/// <summary>What adding an observation did.</summary>
public readonly record struct AddOutcome(bool Added, IReadOnlyList<QualityFlag> Flags)
{
    public static AddOutcome Duplicate { get; } = new(false, []);
}

/// <summary>
/// One patient's accepted observations and the clinical state they imply. Observations may arrive in any
/// order; every rule runs on effective time, so any arrival order gives the same result (rules.md 0.1).
/// </summary>
/// <remarks>
/// Observations are grouped into instants (one effective time each). Time-dependent rules keep a small
/// value-type state that is advanced one instant at a time and checkpointed every
/// <see cref="CheckpointEvery"/> instants. An observation at or after the newest instant costs O(observations
/// at that instant); a late one replays from the checkpoint before it, never the whole history.
/// </remarks>
public sealed class PatientTimeline
{
    internal const int CheckpointEvery = 32;

    private readonly RuleContext _context;
    private readonly ObservationIdIndex _ids = new();
    private readonly List<Instant> _instants = [];
    private readonly List<ClinicalState> _checkpoints = [];
    private readonly OrderFreeFacts _facts;
    private ClinicalState _current = ClinicalState.Start();
    private ClinicalState _beforeNewest = ClinicalState.Start();

    public PatientTimeline(PatientProfile profile, ClinicalRulesOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _context = new RuleContext(profile, options ?? ClinicalRulesOptions.Default);
        _facts = new OrderFreeFacts(_context);
    }

    public PatientProfile Profile => _context.Profile;

    public ClinicalRulesOptions Options => _context.Options;

    public int Count => _ids.Count;

    public DateTimeOffset? NewestEffectiveAt => _instants.Count == 0 ? null : Ticks.ToTime(_instants[^1].Ticks);

    /// <summary>All observations in effective-time order.</summary>
    public IEnumerable<Observation> Observations
    {
        get
        {
            foreach (var instant in _instants)
            {
                // Copied per instant: a span cannot cross the yield.
                foreach (var observation in instant.Observations.ToArray()) yield return observation;
            }
        }
    }

    public bool Contains(string observationId) => _ids.Contains(observationId);

    /// <summary>Adds an accepted observation; an id seen before is a duplicate and changes nothing.</summary>
    public AddOutcome Add(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (!_ids.Add(observation)) return AddOutcome.Duplicate;

        _facts.Record(observation);
        var index = Place(observation, out var newInstant);
        Recompute(index, newInstant);
        return new AddOutcome(true, CrossChecks(observation, _instants[index]));
    }

    /// <summary>The assessment at <paramref name="asOf"/>, judged on the observations effective up to then.</summary>
    public PatientAssessment Assess(DateTimeOffset asOf)
    {
        var asOfTicks = asOf.UtcTicks;
        if (_instants.Count > 0 && asOfTicks < _instants[^1].Ticks)
        {
            // Looking back is rare (reports); rebuilding from the observations up to then keeps one code path.
            var earlier = new PatientTimeline(Profile, Options);
            foreach (var observation in Observations.TakeWhile(o => o.Ticks <= asOfTicks)) earlier.Add(observation);
            return earlier.Assess(asOf);
        }

        return Build(_current, asOfTicks);
    }

    /// <summary>The assessment at the newest effective time (or at infusion when there is nothing yet).</summary>
    public PatientAssessment Assess() => Assess(NewestEffectiveAt is { } newest && newest > Profile.InfusionAt ? newest : Profile.InfusionAt);

    /// <summary>Gaps in vital signs longer than allowed during days 0–14, for the record (rules.md 10.2).</summary>
    public IReadOnlyList<VitalSignGap> VitalSignGaps(DateTimeOffset asOf) => MissingDataRules.Gaps(
        Profile.InfusionAt,
        Observations.Where(o => MissingDataRules.IsVitalSign(o.Parameter)).Select(o => o.EffectiveAt),
        asOf,
        Options.MissingData);

    private int Place(Observation observation, out bool newInstant)
    {
        var ticks = observation.Ticks;
        var count = _instants.Count;
        int index;
        if (count == 0 || ticks > _instants[^1].Ticks)
        {
            index = count;
        }
        else if (ticks == _instants[^1].Ticks)
        {
            index = count - 1;
        }
        else
        {
            index = FindInstant(ticks);
        }

        newInstant = index == count || _instants[index].Ticks != ticks;
        if (newInstant) _instants.Insert(index, new Instant(ticks, observation));
        else _instants[index].Insert(observation);
        return index;
    }

    /// <summary>The index of the instant with these ticks, or of the first later one.</summary>
    private int FindInstant(long ticks)
    {
        int low = 0, high = _instants.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var at = _instants[middle].Ticks;
            if (at == ticks) return middle;
            if (at < ticks) low = middle + 1;
            else high = middle - 1;
        }

        return low;
    }

    private void Recompute(int changed, bool newInstant)
    {
        var newest = _instants.Count - 1;
        if (changed == newest && newInstant)
        {
            // Appended in time order: one step forward.
            _beforeNewest = _current;
            if (changed % CheckpointEvery == 0) _checkpoints.Add(_current);
            _current.Advance(_instants[changed], _context);
            return;
        }

        if (changed == newest)
        {
            // Another observation at the newest instant: redo that instant only.
            _current = _beforeNewest;
            _current.Advance(_instants[changed], _context);
            return;
        }

        // Late arrival: replay from the checkpoint before it.
        var checkpoint = changed / CheckpointEvery;
        var state = _checkpoints[checkpoint];
        _checkpoints.RemoveRange(checkpoint + 1, _checkpoints.Count - checkpoint - 1);
        for (var i = checkpoint * CheckpointEvery; i <= newest; i++)
        {
            if (i % CheckpointEvery == 0 && i > checkpoint * CheckpointEvery) _checkpoints.Add(state);
            if (i == newest) _beforeNewest = state;
            state.Advance(_instants[i], _context);
        }

        _current = state;
    }

    private PatientAssessment Build(in ClinicalState state, long asOfTicks)
    {
        var options = _context.Options;
        var profile = _context.Profile;
        var latest = state;
        var crs = state.Crs.Assess(asOfTicks, _context);
        var febrileNeutropenia = state.FebrileNeutropenia.Assess(asOfTicks, _context);
        // No fever yet is Ticks.Never: subtracting it would overflow and look like a fever just now.
        var lastFever = state.FebrileNeutropenia.LastFeverTicks;
        var febrile = crs.EpisodeOpen || (lastFever != Ticks.Never && asOfTicks - lastFever <= options.FebrileNeutropenia.FeverWithin.Ticks);
        var mentation = Newer(latest.LatestOf(Parameter.GlasgowComaScale), latest.LatestOf(Parameter.Acvpu));

        return new PatientAssessment(
            Ticks.ToTime(asOfTicks),
            _context.DayOf(asOfTicks),
            crs,
            state.Icans.Assess(_context),
            febrileNeutropenia,
            QsofaScoring.Score(
                latest.LatestOf(Parameter.RespiratoryRate),
                latest.LatestOf(Parameter.SystolicBloodPressure),
                mentation?.Parameter == Parameter.GlasgowComaScale ? mentation : null,
                mentation?.Parameter == Parameter.Acvpu ? mentation : null,
                febrile,
                options.FebrileNeutropenia),
            News2Scoring.Score(
                new News2Inputs(
                    latest.LatestOf(Parameter.RespiratoryRate),
                    latest.LatestOf(Parameter.OxygenSaturation),
                    latest.LatestOf(Parameter.OxygenDevice),
                    latest.LatestOf(Parameter.SystolicBloodPressure),
                    latest.LatestOf(Parameter.HeartRate),
                    latest.LatestOf(Parameter.Acvpu),
                    latest.LatestOf(Parameter.Temperature)),
                profile.SpO2Scale,
                options.News2),
            _facts.Icaht(),
            CarHematotoxScoring.Score(
                _facts.BaselineOf(Parameter.Platelets),
                _facts.BaselineOf(Parameter.NeutrophilCount),
                _facts.BaselineOf(Parameter.Haemoglobin),
                _facts.BaselineOf(Parameter.CReactiveProtein),
                _facts.BaselineOf(Parameter.Ferritin),
                options.CarHematotox),
            new EasixAssessment(
                EasixScoring.Compute(
                    _facts.BaselineOf(Parameter.LactateDehydrogenase),
                    _facts.BaselineOf(Parameter.Creatinine),
                    _facts.BaselineOf(Parameter.Platelets),
                    _facts.BaselineOf(Parameter.CReactiveProtein),
                    options.Easix),
                EasixScoring.Compute(
                    latest.LatestOf(Parameter.LactateDehydrogenase),
                    latest.LatestOf(Parameter.Creatinine),
                    latest.LatestOf(Parameter.Platelets),
                    latest.LatestOf(Parameter.CReactiveProtein),
                    options.Easix)),
            state.IecHs.Assess(),
            MissingDataRules.Assess(profile.InfusionAt, Ticks.ToTimeOrNull(_facts.LastVitalSignTicks), Ticks.ToTime(asOfTicks), options.MissingData));
    }

    private static Observation? Newer(Observation? a, Observation? b) =>
        a is null ? b : b is null ? a : ObservationOrder.Instance.Compare(a, b) >= 0 ? a : b;

    /// <summary>Checks that need more than one observation; allocates only when there is something to flag.</summary>
    private IReadOnlyList<QualityFlag> CrossChecks(Observation observation, Instant instant)
    {
        QualityFlag? flag = null;
        if (observation.Parameter is Parameter.SystolicBloodPressure or Parameter.DiastolicBloodPressure)
        {
            Observation? systolic = null, diastolic = null;
            foreach (var other in instant.Observations)
            {
                if (other.Parameter == Parameter.SystolicBloodPressure) systolic = other;
                else if (other.Parameter == Parameter.DiastolicBloodPressure) diastolic = other;
            }

            if (systolic is not null && diastolic is not null && systolic.Quantity <= diastolic.Quantity)
                flag = new QualityFlag(QualityFlagKind.SystolicNotAboveDiastolic,
                    $"systolic BP {Numbers.Format(systolic.Quantity)} mmHg is not above diastolic {Numbers.Format(diastolic.Quantity)} mmHg taken at the same time");
        }
        else if ((observation.Parameter == Parameter.IceScore && _context.IsChild)
                 || (observation.Parameter == Parameter.CapdScore && !_context.IsChild && Profile.AgeYears is not null))
        {
            var tool = observation.Parameter == Parameter.IceScore ? "ICE" : "CAPD";
            flag = new QualityFlag(QualityFlagKind.ToolNotValidForAge,
                $"{tool} is not the ICANS tool for a patient aged {Profile.AgeYears}: ICE from {Options.Icans.PaediatricAgeBelowYears} years, CAPD below; it is kept but not graded");
        }

        return flag is null ? observation.Flags : [.. observation.Flags, flag];
    }
}
