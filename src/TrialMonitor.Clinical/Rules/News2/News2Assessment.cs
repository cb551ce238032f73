using TrialMonitor.Clinical.Readings;

namespace TrialMonitor.Clinical.Rules.News2;

public enum News2Parameter
{
    RespirationRate,
    OxygenSaturation,
    AirOrOxygen,
    SystolicBloodPressure,
    Pulse,
    Consciousness,
    Temperature,
}

/// <summary>One parameter's contribution: the reading used and the points it scored.</summary>
public sealed record News2Component(News2Parameter Parameter, int Points, Reading Reading);

public sealed record News2Assessment
{
    /// <summary>Null while any of the seven parameters is missing: an incomplete set is never guessed (rules.md 8.3).</summary>
    public int? Total { get; init; }

    /// <summary>The sum of the parameters present: a lower bound when the set is incomplete.</summary>
    public int PartialTotal { get; init; }

    public int ParametersPresent { get; init; }

    public IReadOnlyList<News2Parameter> Missing { get; init; } = [];

    /// <summary>"low", "low-medium" (a single red parameter), "medium" or "high"; null while incomplete.</summary>
    public string? Band { get; init; }

    public bool SingleRedParameter { get; init; }

    public string Scale { get; init; } = "1";

    public IReadOnlyList<News2Component> Components { get; init; } = [];

    public string Reason => string.Join("; ", Components.Where(c => c.Points > 0).Select(c => $"{c.Reading.Text} (+{c.Points})"));
}
