using Microsoft.AspNetCore.SignalR;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Notifications;
using TrialMonitor.Contracts.Push;
using TrialMonitor.Contracts.Safety;
using TrialMonitor.Contracts.Trials;
using TrialMonitor.Server.Security;

namespace TrialMonitor.Server.Hubs;

/// <summary>
/// This process's end of the push: subscribes to the registry grain (and keeps re-subscribing, so a registry that
/// moved to another silo learns of this process again) and forwards what grains publish to local connections.
/// </summary>
public sealed partial class HubPushService(
    IGrainFactory grains,
    IHubContext<MonitoringHub> hub,
    TimeProvider clock,
    HubMetrics metrics,
    ILogger<HubPushService> logger) : BackgroundService, IMonitoringObserver
{
    private static readonly TimeSpan ResubscribeEvery = TimeSpan.FromSeconds(5);
    private readonly string _serverId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var self = grains.CreateObjectReference<IMonitoringObserver>(this);
        var registry = grains.GetGrain<IPushRegistryGrain>(0);
        using var timer = new PeriodicTimer(ResubscribeEvery);
        do
        {
            try
            {
                await registry.SubscribeAsync(_serverId, self);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSubscribeFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<IPushRegistryGrain>(0).UnsubscribeAsync(_serverId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSubscribeFailed(logger, exception);
        }

        await base.StopAsync(cancellationToken);
    }

    public async Task OnAlertsAsync(IReadOnlyList<Alert> events)
    {
        foreach (var alert in events)
        {
            // The console line a newcomer watches: no patient identifier, only the center's sequence and the grade.
            LogAlert(logger, alert.CenterId, alert.Sequence, alert.Event, alert.Kind, alert.Grade is { } grade ? $"grade {grade}" : "(no grade)", alert.Severity, alert.Reason);
            await hub.Clients.Group(MonitoringHub.CenterGroup(alert.CenterId)).SendAsync("alert", alert);
            metrics.AlertSent(alert, clock.GetUtcNow());
        }
    }

    /// <summary>A page goes to the groups of the roles it pages at its center (<c>JoinRole</c>), as a <c>page</c> message.</summary>
    public async Task OnNotificationsAsync(IReadOnlyList<AlertNotification> notifications)
    {
        foreach (var page in notifications)
        {
            var groups = page.Alert.NotifiedRoles.Select(role => MonitoringHub.RoleGroup(page.Alert.CenterId, role)).ToArray();
            await hub.Clients.Groups(groups).SendAsync("page", page);
        }
    }

    public Task OnCenterSummaryAsync(CenterSummary summary) =>
        hub.Clients.Group(MonitoringHub.CenterGroup(summary.CenterId)).SendAsync("centerSummary", summary);

    public Task OnTrialSummaryAsync(TrialSummary summary) =>
        hub.Clients.Group(MonitoringHub.TrialGroup(summary.TrialId)).SendAsync("trialSummary", SponsorView.Of(summary));

    /// <summary>Trial-level, no patient: to the trial's group (<c>JoinTrial</c>: sponsors, the safety board, admins) as a <c>safetySignal</c> message.</summary>
    public Task OnSafetySignalAsync(SafetySignal signal) =>
        hub.Clients.Group(MonitoringHub.TrialGroup(signal.TrialId)).SendAsync("safetySignal", signal);

    [LoggerMessage(Level = LogLevel.Information, Message = "ALERT {CenterId} #{Sequence} {Event} {Kind} {Grade} {Severity}: {Reason}")]
    private static partial void LogAlert(ILogger logger, string centerId, long sequence, string @event, string kind, string grade, string severity, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to the push registry failed; retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);
}
