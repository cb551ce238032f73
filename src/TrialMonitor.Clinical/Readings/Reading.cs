using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Readings;

/// <summary>
/// One observation that set a result, as a clinician reads it in an alert: what it was, its value and
/// unit as sent, and when it was taken.
/// </summary>
public sealed record Reading(
    string ObservationId,
    string Code,
    Parameter Parameter,
    decimal? Value,
    string? Unit,
    string? Concept,
    DateTimeOffset EffectiveAt,
    string Text)
{
    public static Reading From(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var isQuantity = observation.ConceptName is null;
        // The observation is immutable, so its reading is too; a race makes two equal readings, never a wrong one.
        return observation.AsReading ??= new Reading(
            observation.Id,
            observation.Code,
            observation.Parameter,
            isQuantity ? observation.ReportedQuantity : null,
            isQuantity ? observation.ReportedUnit : null,
            observation.ConceptName,
            observation.EffectiveAt,
            ReadingText.Describe(observation));
    }

    /// <summary>The readings of the given observations, each once, in the order given; nulls are skipped.</summary>
    public static IReadOnlyList<Reading> FromAll(params Observation?[] observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        // A handful of observations per grade, on every assessment: a look back, not a set.
        var readings = new List<Reading>(observations.Length);
        for (var i = 0; i < observations.Length; i++)
        {
            if (observations[i] is not { } observation || Array.IndexOf(observations, observation, 0, i) >= 0) continue;
            readings.Add(From(observation));
        }

        return readings;
    }
}
