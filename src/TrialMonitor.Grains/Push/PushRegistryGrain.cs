using Microsoft.Extensions.Logging;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Notifications;
using TrialMonitor.Contracts.Push;
using TrialMonitor.Contracts.Safety;
using TrialMonitor.Contracts.Trials;

namespace TrialMonitor.Grains.Push;

/// <summary>
/// The server processes to push to. In memory on purpose: every server re-subscribes every few seconds, so after
/// this grain moves (a silo died) the list is whole again within one subscription interval, and a server that
/// stopped re-subscribing is dropped.
/// </summary>
public sealed partial class PushRegistryGrain(TimeProvider clock, ILogger<PushRegistryGrain> logger) : Grain, IPushRegistryGrain
{
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, (IMonitoringObserver Observer, DateTimeOffset SeenAt)> _servers = new(StringComparer.Ordinal);

    public Task SubscribeAsync(string serverId, IMonitoringObserver observer)
    {
        _servers[serverId] = (observer, clock.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(string serverId)
    {
        _servers.Remove(serverId);
        return Task.CompletedTask;
    }

    public Task PublishAlertsAsync(IReadOnlyList<Alert> events) => Fanout(o => o.OnAlertsAsync(events));

    public Task PublishNotificationsAsync(IReadOnlyList<AlertNotification> notifications) => Fanout(o => o.OnNotificationsAsync(notifications));

    public Task PublishCenterSummaryAsync(CenterSummary summary) => Fanout(o => o.OnCenterSummaryAsync(summary));

    public Task PublishTrialSummaryAsync(TrialSummary summary) => Fanout(o => o.OnTrialSummaryAsync(summary));

    public Task PublishSafetySignalAsync(SafetySignal signal) => Fanout(o => o.OnSafetySignalAsync(signal));

    private Task Fanout(Func<IMonitoringObserver, Task> send)
    {
        var expired = clock.GetUtcNow() - SubscriptionLifetime;
        foreach (var (serverId, (observer, seenAt)) in _servers.ToArray())
        {
            if (seenAt < expired)
            {
                _servers.Remove(serverId);
                continue;
            }

            try
            {
                // One-way calls: a slow or dead server never holds up the others.
                _ = send(observer);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                LogPushFailed(logger, exception, serverId);
            }
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push to server {ServerId} failed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, string serverId);
}
