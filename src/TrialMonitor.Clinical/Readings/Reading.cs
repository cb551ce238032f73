using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Readings;

/// <summary>
/// One observation that set a result, as a clinician reads it in an alert: what it was, its value and
/// unit as sent, and when it was taken.
/// </summary>
/// <remarks>
/// A view of the observation, not a copy: every assessment cites a handful of readings, and a patient holds
/// thousands of observations for weeks. A copy kept per observation doubled the objects a garbage collection
/// promotes; a copy made per assessment spelled out text nobody reads. The text is worded when it is read.
/// </remarks>
public sealed class Reading : IEquatable<Reading>
{
    private readonly Observation _observation;

    private Reading(Observation observation) => _observation = observation;

    public string ObservationId => _observation.Id;

    public string Code => _observation.Code;

    public Parameter Parameter => _observation.Parameter;

    /// <summary>The value as sent, for quantities and scores; null for coded observations.</summary>
    public decimal? Value => IsQuantity ? _observation.ReportedQuantity : null;

    /// <summary>The unit as sent, for quantities and scores; null for coded observations.</summary>
    public string? Unit => IsQuantity ? _observation.ReportedUnit : null;

    /// <summary>The coded value as sent, for coded observations.</summary>
    public string? Concept => _observation.ConceptName;

    public DateTimeOffset EffectiveAt => _observation.EffectiveAt;

    public string Text => ReadingText.Describe(_observation);

    private bool IsQuantity => _observation.ConceptName is null;

    public static Reading From(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return new Reading(observation);
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
            readings.Add(new Reading(observation));
        }

        return readings;
    }

    /// <summary>Equal when they read the same: the same observation id, code, value, unit, concept and time.</summary>
    public bool Equals(Reading? other) =>
        other is not null
        && (ReferenceEquals(_observation, other._observation)
            || (ObservationId == other.ObservationId && Code == other.Code && Parameter == other.Parameter && Value == other.Value
                && Unit == other.Unit && Concept == other.Concept && EffectiveAt == other.EffectiveAt));

    public override bool Equals(object? obj) => Equals(obj as Reading);

    public override int GetHashCode() => HashCode.Combine(ObservationId, Code, Parameter, EffectiveAt);

    public override string ToString() => $"{ObservationId}: {Text} @{EffectiveAt:O}";
}
