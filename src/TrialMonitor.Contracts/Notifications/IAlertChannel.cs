namespace TrialMonitor.Contracts.Notifications;

/// <summary>
/// One way of delivering pages (the SignalR hub, a center's webhook, the log). A channel either delivers or queues
/// durably before returning; one that throws is retried later by the center, so delivery is at least once.
/// </summary>
public interface IAlertChannel
{
    /// <summary>As named in configuration <c>Alerts:Channels</c>.</summary>
    string Name { get; }

    Task DeliverAsync(IReadOnlyList<AlertNotification> notifications, CancellationToken cancellationToken);
}
