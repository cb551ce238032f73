using Microsoft.Extensions.Logging;
using TrialMonitor.Contracts.Notifications;

namespace TrialMonitor.Grains.Notifications;

/// <summary>Hands pages to every configured channel; one channel failing neither stops the others nor loses the page.</summary>
public sealed partial class AlertNotifier(IEnumerable<IAlertChannel> channels, ILogger<AlertNotifier> logger)
{
    private readonly IAlertChannel[] _channels = channels.ToArray();

    /// <summary>True when every channel took the pages; false asks the caller to hand them again later.</summary>
    public async Task<bool> DeliverAsync(IReadOnlyList<AlertNotification> notifications, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        if (notifications.Count == 0) return true;
        var allTook = true;
        foreach (var channel in _channels)
        {
            try
            {
                await channel.DeliverAsync(notifications, cancellationToken);
                AlertMetrics.Notified(channel.Name, notifications.Count, delivered: true);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                allTook = false;
                AlertMetrics.Notified(channel.Name, notifications.Count, delivered: false);
                LogChannelFailed(logger, exception, channel.Name, notifications.Count);
            }
        }

        return allTook;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert channel {Channel} failed to take {Count} page(s); the center hands them again at its next check")]
    private static partial void LogChannelFailed(ILogger logger, Exception exception, string channel, int count);
}
