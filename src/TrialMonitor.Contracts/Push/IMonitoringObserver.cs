using Orleans.Concurrency;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Notifications;
using TrialMonitor.Contracts.Safety;
using TrialMonitor.Contracts.Trials;

namespace TrialMonitor.Contracts.Push;

/// <summary>
/// One per server process: receives what grains publish and forwards it to that process's SignalR connections.
/// A hub context inside a grain would reach only the silo the grain runs on (the GPSTracker pattern instead).
/// </summary>
public interface IMonitoringObserver : IGrainObserver
{
    [OneWay]
    Task OnAlertsAsync(IReadOnlyList<Alert> events);

    [OneWay]
    Task OnNotificationsAsync(IReadOnlyList<AlertNotification> notifications);

    [OneWay]
    Task OnCenterSummaryAsync(CenterSummary summary);

    [OneWay]
    Task OnTrialSummaryAsync(TrialSummary summary);

    /// <summary>A trial endpoint crossed its stopping boundary: sent to the trial's group (the safety board, sponsors, admins).</summary>
    [OneWay]
    Task OnSafetySignalAsync(SafetySignal signal);
}

/// <summary>The list of server processes to push to; each re-subscribes periodically, and silent ones expire.</summary>
public interface IPushRegistryGrain : IGrainWithIntegerKey
{
    Task SubscribeAsync(string serverId, IMonitoringObserver observer);

    Task UnsubscribeAsync(string serverId);

    [OneWay]
    Task PublishAlertsAsync(IReadOnlyList<Alert> events);

    [OneWay]
    Task PublishNotificationsAsync(IReadOnlyList<AlertNotification> notifications);

    [OneWay]
    Task PublishCenterSummaryAsync(CenterSummary summary);

    [OneWay]
    Task PublishTrialSummaryAsync(TrialSummary summary);

    [OneWay]
    Task PublishSafetySignalAsync(SafetySignal signal);
}
