namespace TrialMonitor.Persistence;

/// <summary>
/// One accepted observation exactly as it was sent (the value as JSON), so that replaying the log re-derives the
/// same clinical state with the same rules. <see cref="Sequence"/> is assigned by the log.
/// </summary>
public sealed record LoggedObservation(
    string Id,
    string PatientId,
    string Code,
    string ValueJson,
    string? Unit,
    DateTimeOffset EffectiveAt,
    DateTimeOffset ReceivedAt,
    long Sequence = 0);

/// <summary>A rejected item kept for review with its reason; it never enters grading.</summary>
public sealed record QuarantinedObservation(
    string? Id,
    string? PatientId,
    string? CenterId,
    string Json,
    string Field,
    string Reason,
    DateTimeOffset ReceivedAt);
