using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Readings;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.Clinical.Rules.Icans;

/// <summary>
/// ICANS grade at each instant from the latest report of each domain; each report holds until the next
/// one of its domain (the snapshot semantics of rules.md 0.1 applied to neurological checks [P]).
/// </summary>
internal struct IcansBasis
{
    public Observation? Encephalopathy;
    public Observation? Arousal;
    public Observation? Seizure;
    public Observation? Motor;
    public Observation? Edema;

    public readonly IReadOnlyList<Reading> ToReadings() => Reading.FromAll(Encephalopathy, Arousal, Seizure, Motor, Edema);
}

internal struct IcansTracker
{
    private int _grade;
    private IcansBasis _basis;
    private int _max;
    private long _maxTicks;
    private IcansBasis _maxBasis;
    private long _onsetTicks;
    private long _resolvedTicks;

    public static IcansTracker Start() => new() { _maxTicks = Ticks.Never, _onsetTicks = Ticks.Never, _resolvedTicks = Ticks.Never };

    public void Step(long ticks, in LatestReadings latest, RuleContext context)
    {
        if (ticks < context.InfusionTicks) return;
        var options = context.Options.Icans;
        var encephalopathy = context.IsChild ? latest.Get(Parameter.CapdScore) : latest.Get(Parameter.IceScore);
        var arousal = latest.Get(Parameter.Arousal);
        var seizure = latest.Get(Parameter.Seizure);
        var motor = latest.Get(Parameter.MotorWeakness);
        var edema = latest.Get(Parameter.CerebralEdema);

        var score = encephalopathy is null ? (int?)null : (int)encephalopathy.Quantity;
        var encephalopathyGrade = context.IsChild ? IcansGrading.CapdGrade(score, options) : IcansGrading.IceGrade(score, options);
        var arousalGrade = IcansGrading.ArousalGrade(arousal?.Arousal);
        var seizureGrade = IcansGrading.SeizureGrade(seizure?.Seizure);
        var motorGrade = IcansGrading.MotorGrade(motor?.IsTrue);
        var edemaGrade = IcansGrading.CerebralEdemaGrade(edema?.CerebralEdema);

        var grade = Math.Max(Math.Max(encephalopathyGrade, arousalGrade), Math.Max(seizureGrade, Math.Max(motorGrade, edemaGrade)));
        // Onset is the first graded instant; ICANS has resolved at the first ungraded instant after the last graded one
        // (ASTCT defines no end of ICANS: the safety tables' duration rule, not a clinical one).
        if (grade > 0)
        {
            if (_onsetTicks == Ticks.Never) _onsetTicks = ticks;
            _resolvedTicks = Ticks.Never;
        }
        else if (_grade > 0)
        {
            _resolvedTicks = ticks;
        }

        _grade = grade;
        _basis = new IcansBasis
        {
            Encephalopathy = encephalopathyGrade > 0 ? encephalopathy : null,
            Arousal = arousalGrade > 0 ? arousal : null,
            Seizure = seizureGrade > 0 ? seizure : null,
            Motor = motorGrade > 0 ? motor : null,
            Edema = edemaGrade > 0 ? edema : null,
        };

        if (grade > _max)
        {
            _max = grade;
            _maxTicks = ticks;
            _maxBasis = _basis;
        }
    }

    public readonly IcansAssessment Assess(RuleContext context) => new()
    {
        Grade = _grade,
        MaxGrade = _max,
        MaxGradeAt = Ticks.ToTimeOrNull(_maxTicks),
        OnsetAt = Ticks.ToTimeOrNull(_onsetTicks),
        ResolvedAt = Ticks.ToTimeOrNull(_resolvedTicks),
        EncephalopathyTool = context.IsChild ? "CAPD" : "ICE",
        Readings = _basis.ToReadings(),
        MaxGradeReadings = _maxBasis.ToReadings(),
    };
}
