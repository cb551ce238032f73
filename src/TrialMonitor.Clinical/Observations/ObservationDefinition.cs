namespace TrialMonitor.Clinical.Observations;

public enum ValueKind
{
    /// <summary>A number with a UCUM unit, converted to the canonical unit.</summary>
    Quantity,
    /// <summary>An integer score; unit absent or <c>{score}</c>.</summary>
    Score,
    /// <summary>One value of a closed value set.</summary>
    Coded,
    /// <summary>A snapshot list of values from a closed value set (vasopressors now running).</summary>
    CodedList,
    Boolean,
    /// <summary>A medication name from an open list.</summary>
    Medication,
}

/// <summary>What the engine accepts for one observation code: its meaning, units, value set and plausibility limits.</summary>
public sealed record ObservationDefinition
{
    public required string Code { get; init; }

    public required Parameter Parameter { get; init; }

    /// <summary>Words a clinician reads in a rejection or an alert reason ("temperature").</summary>
    public required string Label { get; init; }

    public required ValueKind Kind { get; init; }

    /// <summary>The UCUM unit values are stored and compared in.</summary>
    public string? CanonicalUnit { get; init; }

    /// <summary>The canonical unit as people write it ("°C").</summary>
    public string? DisplayUnit { get; init; }

    public IReadOnlyDictionary<string, UnitConversion> Units { get; init; } = new Dictionary<string, UnitConversion>();

    /// <summary>Outside these the value is rejected and kept for review (rules.md 9, "hard reject").</summary>
    public ValueRange? HardLimits { get; init; }

    /// <summary>Outside these the value is accepted and flagged (rules.md 9, "soft flag").</summary>
    public ValueRange? SoftLimits { get; init; }

    /// <summary>For coded values: the wire names accepted.</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];

    internal Func<string, int?>? ParseConcept { get; init; }

    public TemperatureSite TemperatureSite { get; init; }
}
