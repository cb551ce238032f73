using TrialMonitor.Clinical;
using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Timeline;
using TrialMonitor.Grains.Patients;
using TrialMonitor.Persistence;

namespace TrialMonitor.Grains.Safety;

/// <summary>A patient's timeline re-derived from the observation log with only what was known at a data cut.</summary>
public static class TimelineAsOf
{
    /// <summary>
    /// Replays the logged rows effective and received at or before <paramref name="asOf"/> through the normaliser and the
    /// engine, as activation does; a row the rules now reject is left out, as on activation.
    /// </summary>
    public static PatientTimeline Build(IEnumerable<LoggedObservation> rows, PatientProfile profile, ObservationNormaliser normaliser, ClinicalRulesOptions rules, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(normaliser);
        var timeline = new PatientTimeline(profile, rules);
        foreach (var row in rows)
        {
            if (row.ReceivedAt > asOf || row.EffectiveAt > asOf) continue;
            var input = new ObservationInput(row.Id, row.Code, SubmittedValues.ToEngine(SubmittedValues.FromJson(row.ValueJson)), row.Unit, row.EffectiveAt);
            if (normaliser.Normalise(input, row.ReceivedAt, profile.InfusionAt).Observation is { } observation) timeline.Add(observation);
        }

        return timeline;
    }

    /// <summary>
    /// The live timeline as known at <paramref name="asOf"/>: its observations effective by then, less those that
    /// arrived after it (<see cref="Patients.RecentArrivals"/>). The same timeline <see cref="Build"/> gives from the
    /// log, without reading it or normalising again.
    /// </summary>
    public static PatientTimeline Without(PatientTimeline live, IReadOnlySet<string> receivedAfterCut, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(receivedAfterCut);
        var timeline = new PatientTimeline(live.Profile, live.Options);
        foreach (var observation in live.Observations)
        {
            // In effective-time order: nothing after this one is known at the cut either.
            if (observation.EffectiveAt > asOf) break;
            if (!receivedAfterCut.Contains(observation.Id)) timeline.Add(observation);
        }

        return timeline;
    }
}
