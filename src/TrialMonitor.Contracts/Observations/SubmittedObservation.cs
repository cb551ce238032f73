namespace TrialMonitor.Contracts.Observations;

public enum SubmittedValueKind
{
    Missing,
    Number,
    Text,
    TextList,
    Boolean,
    Unsupported,
}

/// <summary>An observation value as it came off the wire, before it is checked against its code.</summary>
[GenerateSerializer, Immutable]
public sealed record SubmittedValue(
    [property: Id(0)] SubmittedValueKind Kind,
    [property: Id(1)] decimal Number = 0,
    [property: Id(2)] string? Text = null,
    [property: Id(3)] IReadOnlyList<string>? List = null,
    [property: Id(4)] bool Boolean = false);

/// <summary>One item of <c>POST /api/v1/observations</c>, with its index in the request for per-item errors.</summary>
[GenerateSerializer, Immutable]
public sealed record SubmittedObservation(
    [property: Id(0)] int Index,
    [property: Id(1)] string Id,
    [property: Id(2)] string Code,
    [property: Id(3)] SubmittedValue Value,
    [property: Id(4)] string? Unit,
    [property: Id(5)] DateTimeOffset? EffectiveAt,
    [property: Id(6)] DateTimeOffset ReceivedAt);
