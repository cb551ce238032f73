namespace TrialMonitor.Contracts.Alerts;

/// <summary>
/// A patient grain's request to raise an alert or raise its grade. <see cref="Key"/> is deterministic, so replaying
/// the observation log after a crash asks again with the same key and the center records it once.
/// <see cref="Confirms"/>: a later reading still meets the condition of an alert awaiting confirmation.
/// <see cref="AcceptedAt"/>: when the server accepted the ingest request whose readings caused the change (null for a
/// replay or a wall-clock check), the start of the alert latency metric.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AlertChange(
    [property: Id(0)] string Key,
    [property: Id(1)] string AlertId,
    [property: Id(2)] string PatientId,
    [property: Id(3)] string Kind,
    [property: Id(4)] int? Grade,
    [property: Id(5)] string Severity,
    [property: Id(6)] string Reason,
    [property: Id(7)] DateTimeOffset? EffectiveAt,
    [property: Id(8)] bool IsNewAlert,
    [property: Id(9)] bool Confirms = false,
    [property: Id(10)] DateTimeOffset? AcceptedAt = null);
