using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Readings;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.Clinical.Rules.IecHs;

internal struct IecHsBasis
{
    public Observation? Ferritin;
    public Observation? Transaminase;
    public Observation? Fibrinogen;
    public Observation? Platelets;

    public readonly IReadOnlyList<Reading> ToReadings() => Reading.FromAll(Ferritin, Transaminase, Fibrinogen, Platelets);
}

/// <summary>IEC-HS walked in effective-time order: baselines at infusion, suspicion from the lab pattern, grade from later treatment.</summary>
internal struct IecHsTracker
{
    private Observation? _baselineFerritin;
    private Observation? _baselinePlatelets;
    private Observation? _firstPlateletsAfterInfusion;
    private Observation? _baselineAlt;
    private Observation? _baselineAst;
    private Observation? _previousFerritin;
    private Observation? _latestFerritin;

    private bool _criteriaMetNow;
    private long _suspectedTicks;
    private IecHsBasis _basis;
    private int _grade;
    private Observation? _gradingTreatment;

    public static IecHsTracker Start() => new() { _suspectedTicks = Ticks.Never };

    public void Step(long ticks, ReadOnlySpan<Observation> atThisInstant, in LatestReadings latest, RuleContext context)
    {
        foreach (var observation in atThisInstant)
        {
            if (observation.Parameter != Parameter.Ferritin) continue;
            _previousFerritin = _latestFerritin;
            _latestFerritin = observation;
        }

        if (ticks <= context.InfusionTicks)
        {
            // Baseline = value at infusion (rules.md 4.2): the latest drawn at or before it.
            _baselineFerritin = _latestFerritin;
            _baselinePlatelets = latest.Get(Parameter.Platelets);
            _baselineAlt = latest.Get(Parameter.AlanineAminotransferase);
            _baselineAst = latest.Get(Parameter.AspartateAminotransferase);
            if (ticks < context.InfusionTicks) return;
        }

        _firstPlateletsAfterInfusion ??= latest.Get(Parameter.Platelets) is { } p && p.Ticks >= context.InfusionTicks ? p : null;
        EvaluateCriteria(latest, context.Options.IecHs);
        if (_criteriaMetNow && _suspectedTicks == Ticks.Never) _suspectedTicks = ticks;
        if (_suspectedTicks == Ticks.Never) return;

        foreach (var observation in atThisInstant) Grade(observation);
        // Snapshots still in force count too: a vasopressor or ventilator running when IEC-HS is suspected.
        Grade(latest.Get(Parameter.Vasopressors));
        Grade(latest.Get(Parameter.OxygenDevice));
        Grade(latest.Get(Parameter.Dialysis));
    }

    public readonly IecHsAssessment Assess() => new()
    {
        Suspected = _suspectedTicks != Ticks.Never,
        SuspectedAt = Ticks.ToTimeOrNull(_suspectedTicks),
        CriteriaMetNow = _criteriaMetNow,
        Grade = _grade > 0 ? _grade : null,
        Readings = _basis.ToReadings(),
        TreatmentReadings = Reading.FromAll(_gradingTreatment),
    };

    private void Grade(Observation? treatment)
    {
        if (treatment is null) return;
        var grade = IecHsCriteria.TreatmentGrade(treatment);
        if (grade <= _grade) return;
        _grade = grade;
        _gradingTreatment = treatment;
    }

    private void EvaluateCriteria(in LatestReadings latest, IecHsOptions options)
    {
        var ferritin = _latestFerritin;
        if (ferritin is null || !IecHsCriteria.FerritinCriterion(ferritin.Quantity, _previousFerritin?.Quantity, _baselineFerritin?.Quantity, options))
        {
            _criteriaMetNow = false;
            return;
        }

        var alt = latest.Get(Parameter.AlanineAminotransferase);
        var ast = latest.Get(Parameter.AspartateAminotransferase);
        var fibrinogen = latest.Get(Parameter.Fibrinogen);
        var platelets = latest.Get(Parameter.Platelets);
        var transaminase =
            alt is not null && IecHsCriteria.TransaminaseCriterion(alt.Quantity, _baselineAlt?.Quantity, options.AltUpperLimitOfNormal, options) ? alt
            : ast is not null && IecHsCriteria.TransaminaseCriterion(ast.Quantity, _baselineAst?.Quantity, options.AstUpperLimitOfNormal, options) ? ast
            : null;
        var lowFibrinogen = fibrinogen is not null && IecHsCriteria.FibrinogenCriterion(fibrinogen.Quantity, options) ? fibrinogen : null;
        var reference = (_baselinePlatelets ?? _firstPlateletsAfterInfusion)?.Quantity;
        var cytopenia = platelets is not null && IecHsCriteria.CytopeniaCriterion(platelets.Quantity, reference, options) ? platelets : null;

        _criteriaMetNow = transaminase is not null || lowFibrinogen is not null || cytopenia is not null;
        if (_criteriaMetNow && _suspectedTicks == Ticks.Never)
            _basis = new IecHsBasis { Ferritin = ferritin, Transaminase = transaminase, Fibrinogen = lowFibrinogen, Platelets = cytopenia };
    }
}
