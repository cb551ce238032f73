namespace TrialMonitor.Contracts.Notifications;

/// <summary>
/// Who holds a role at a center from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive): one line of the
/// center's on-call schedule. Staff names and contacts, never patients.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OnCallShift(
    [property: Id(0)] string Role,
    [property: Id(1)] string Person,
    [property: Id(2)] string? Contact,
    [property: Id(3)] DateTimeOffset From,
    [property: Id(4)] DateTimeOffset To);
