namespace TrialMonitor.Contracts.Alerts;

/// <summary>
/// An alert event as api.md "Alerts" defines it: the alert's state after the event, with the center's gap-free
/// <see cref="Sequence"/>. The current state of an alert is its latest event.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Alert
{
    [Id(0)] public required string AlertId { get; init; }
    [Id(1)] public long Sequence { get; init; }
    [Id(2)] public required string TrialId { get; init; }
    [Id(3)] public required string CenterId { get; init; }
    [Id(4)] public required string PatientId { get; init; }
    /// <summary><c>crs</c>, <c>icans</c>, <c>febrile-neutropenia</c>, <c>news2</c>, <c>iec-hs</c>, <c>icaht</c>, <c>qsofa</c>, <c>missing-data</c>.</summary>
    [Id(5)] public required string Kind { get; init; }
    [Id(6)] public int? Grade { get; init; }
    /// <summary><c>info</c>, <c>urgent</c> or <c>emergency</c>.</summary>
    [Id(7)] public required string Severity { get; init; }
    /// <summary><c>open</c>, <c>acknowledged</c> or <c>resolved</c>.</summary>
    [Id(8)] public required string Status { get; init; }
    [Id(9)] public required DateTimeOffset RaisedAt { get; init; }
    /// <summary>The readings that set the grade, e.g. "norepinephrine running; nasal cannula 3 L/min".</summary>
    [Id(10)] public required string Reason { get; init; }
    /// <summary>What this event did: <c>raised</c>, <c>updated</c> (grade increase), <c>acknowledged</c>, <c>resolved</c>.</summary>
    [Id(11)] public required string Event { get; init; }
    [Id(12)] public required DateTimeOffset EventAt { get; init; }
    /// <summary>The effective time of the readings that set the grade.</summary>
    [Id(13)] public DateTimeOffset? EffectiveAt { get; init; }
    [Id(14)] public string? By { get; init; }
    [Id(15)] public string? Note { get; init; }
    /// <summary>On a resolution: whether the alert was clinically actionable, the numerator of its positive predictive value.</summary>
    [Id(16)] public bool? Actionable { get; init; }
    /// <summary>How many times the alert has escalated unacknowledged: 0 is the first team paged (rules.md 10.3).</summary>
    [Id(17)] public int EscalationLevel { get; init; }
    /// <summary>When it escalates next if nobody acknowledges it; null once acknowledged, resolved or at the top of its chain.</summary>
    [Id(18)] public DateTimeOffset? EscalatesAt { get; init; }
    /// <summary>The roles this event paged; empty when the event notified nobody (an acknowledgement, say).</summary>
    [Id(19)] public IReadOnlyList<string> NotifiedRoles { get; init; } = [];
    /// <summary>
    /// Confirm-before-notify: while set, the alert is on the dashboard but pages nobody until a later reading confirms
    /// it or this time passes without one refuting it. Never set for emergencies.
    /// </summary>
    [Id(20)] public DateTimeOffset? AwaitingConfirmationUntil { get; init; }
    /// <summary>
    /// When the server accepted the ingest request whose readings caused this event (raised, updated, confirmed by a
    /// reading); null for other events. Internal: the start of the end-to-end alert latency metric, never in the API.
    /// </summary>
    [Id(21)] [System.Text.Json.Serialization.JsonIgnore] public DateTimeOffset? AcceptedAt { get; init; }
}

/// <summary>
/// One attempt to acknowledge or resolve an alert, whether it took effect or not: two clinicians acknowledging at
/// once give one transition and two attempts.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AlertAttempt(
    [property: Id(0)] string AlertId,
    [property: Id(1)] string By,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string FromStatus,
    [property: Id(4)] string ToStatus,
    [property: Id(5)] bool Accepted,
    [property: Id(6)] long? Sequence,
    [property: Id(7)] string? Detail);

public static class AlertStatuses
{
    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
}

public static class AlertEvents
{
    public const string Raised = "raised";
    public const string Updated = "updated";
    /// <summary>A confirm-before-notify alert was confirmed (or its wait ran out) and now pages.</summary>
    public const string Confirmed = "confirmed";
    /// <summary>Nobody acknowledged in time: the next level of its chain is paged.</summary>
    public const string Escalated = "escalated";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
}
