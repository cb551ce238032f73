namespace TrialMonitor.Contracts.Observations;

/// <summary>A rejected item: where it was in the request, its id, and a sentence naming the field and the reason.</summary>
[GenerateSerializer, Immutable]
public sealed record RejectedObservation([property: Id(0)] int Index, [property: Id(1)] string? Id, [property: Id(2)] string Error);

[GenerateSerializer, Immutable]
public sealed record PatientIngestResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] int Duplicates,
    [property: Id(2)] IReadOnlyList<RejectedObservation> Rejected);
