using TrialMonitor.Contracts.Notifications;
using TrialMonitor.Contracts.Push;

namespace TrialMonitor.Grains.Notifications;

/// <summary>Pages go to every server process, which sends them to the SignalR groups of the paged roles at the center.</summary>
public sealed class HubAlertChannel(IGrainFactory grains) : IAlertChannel
{
    public string Name => "hub";

    public Task DeliverAsync(IReadOnlyList<AlertNotification> notifications, CancellationToken cancellationToken) =>
        grains.GetGrain<IPushRegistryGrain>(0).PublishNotificationsAsync(notifications);
}
