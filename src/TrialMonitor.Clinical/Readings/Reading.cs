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

    public static IReadOnlyList<Reading> FromAll(params Observation?[] observations) =>
        observations.Where(o => o is not null).Distinct().Select(o => From(o!)).ToArray();
}
