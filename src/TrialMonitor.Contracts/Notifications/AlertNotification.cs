using TrialMonitor.Contracts.Alerts;

namespace TrialMonitor.Contracts.Notifications;

/// <summary>
/// A page: an alert event that asks people to act (raised, grade increase, confirmed, escalated), the level of its
/// chain, and who holds each paged role now. <see cref="NotificationId"/> (alert id and sequence) is stable, so a
/// channel that is handed the same page twice after a crash can tell.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AlertNotification(
    [property: Id(0)] string NotificationId,
    [property: Id(1)] Alert Alert,
    [property: Id(2)] int Level,
    [property: Id(3)] IReadOnlyList<OnCallRecipient> Recipients)
{
    public static string IdFor(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return $"{alert.AlertId}#{alert.Sequence}";
    }
}

/// <summary>Who holds a paged role at the center now; <see cref="Person"/> is null when the schedule names nobody.</summary>
[GenerateSerializer, Immutable]
public sealed record OnCallRecipient(
    [property: Id(0)] string Role,
    [property: Id(1)] string? Person,
    [property: Id(2)] string? Contact);
