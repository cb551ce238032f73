namespace TrialMonitor.Contracts.Safety;

/// <summary>
/// A <c>safety-signal</c> alert: a trial endpoint crossed its stopping boundary on the live report. One per crossing
/// (a boundary crossed, left and crossed again is a second crossing). Trial-level: no center, no patient.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SafetySignal
{
    /// <summary>The trial id, "~safety-signal~", the endpoint and the crossing number.</summary>
    [Id(0)] public required string SignalId { get; init; }
    [Id(1)] public required string TrialId { get; init; }
    /// <summary>Always <c>safety-signal</c>.</summary>
    [Id(2)] public required string Kind { get; init; }
    [Id(3)] public required string Endpoint { get; init; }
    [Id(4)] public required string Severity { get; init; }
    [Id(5)] public required DateTimeOffset RaisedAt { get; init; }
    /// <summary>The data cut of the report that crossed.</summary>
    [Id(6)] public required DateTimeOffset AsOf { get; init; }
    [Id(7)] public int EvaluablePatients { get; init; }
    [Id(8)] public int Events { get; init; }
    [Id(9)] public double Benchmark { get; init; }
    [Id(10)] public double PosteriorProbability { get; init; }
    [Id(11)] public double Threshold { get; init; }
    [Id(12)] public int? StopAtEvents { get; init; }
    /// <summary>Wald's SPRT at the same data: <c>flag</c>, <c>continue</c> or <c>reassure</c>.</summary>
    [Id(13)] public required string SprtDecision { get; init; }
    /// <summary>The roles told: the safety board and the sponsor's medical monitor (rules.md 10.3 "study").</summary>
    [Id(14)] public required IReadOnlyList<string> NotifiedRoles { get; init; }
    [Id(15)] public required string Reason { get; init; }
}

public static class SafetySignalKinds
{
    public const string SafetySignal = "safety-signal";
}
