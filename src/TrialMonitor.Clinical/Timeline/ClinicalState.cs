using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Rules.Crs;
using TrialMonitor.Clinical.Rules.FebrileNeutropenia;
using TrialMonitor.Clinical.Rules.Icans;
using TrialMonitor.Clinical.Rules.IecHs;

namespace TrialMonitor.Clinical.Timeline;

/// <summary>
/// The state of every time-dependent rule after some instant. A value type holding only references to
/// immutable observations, so copying it is a checkpoint.
/// </summary>
internal struct ClinicalState
{
    public LatestReadings Latest;
    public CrsTracker Crs;
    public IcansTracker Icans;
    public FebrileNeutropeniaTracker FebrileNeutropenia;
    public IecHsTracker IecHs;

    public static ClinicalState Start() => new()
    {
        Crs = CrsTracker.Start(),
        Icans = IcansTracker.Start(),
        FebrileNeutropenia = FebrileNeutropeniaTracker.Start(),
        IecHs = IecHsTracker.Start(),
    };

    public void Advance(Instant instant, RuleContext context)
    {
        var observations = instant.Observations;
        foreach (var observation in observations) Latest.Apply(observation);
        Crs.Step(instant.Ticks, observations, Latest, context);
        Icans.Step(instant.Ticks, Latest, context);
        FebrileNeutropenia.Step(instant.Ticks, observations, context);
        IecHs.Step(instant.Ticks, observations, Latest, context);
    }

    public readonly Observation? LatestOf(Parameter parameter) => Latest.Get(parameter);
}
