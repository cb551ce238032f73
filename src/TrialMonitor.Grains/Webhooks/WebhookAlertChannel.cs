using TrialMonitor.Contracts.Notifications;
using TrialMonitor.Contracts.Webhooks;

namespace TrialMonitor.Grains.Webhooks;

/// <summary>
/// The channel <c>webhook</c>: hands each center's pages to that center's webhook grain, which queues them durably
/// before returning (and ignores them when the center has no webhook).
/// </summary>
public sealed class WebhookAlertChannel(IGrainFactory grains) : IAlertChannel
{
    public const string ChannelName = "webhook";

    public string Name => ChannelName;

    public async Task DeliverAsync(IReadOnlyList<AlertNotification> notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        foreach (var center in notifications.GroupBy(n => n.Alert.CenterId, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await grains.GetGrain<IWebhookGrain>(center.Key).EnqueueAsync(center.ToArray());
        }
    }
}
