using Microsoft.Extensions.Logging;
using TrialMonitor.Contracts.Notifications;

namespace TrialMonitor.Grains.Notifications;

/// <summary>Pages as log lines, for development and as a trace of who was paged: center, sequence and roles, no patient id.</summary>
public sealed partial class LogAlertChannel(ILogger<LogAlertChannel> logger) : IAlertChannel
{
    public string Name => "log";

    public Task DeliverAsync(IReadOnlyList<AlertNotification> notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        foreach (var page in notifications)
        {
            var alert = page.Alert;
            var who = string.Join(", ", page.Recipients.Select(r => r.Person is null ? $"{r.Role} (nobody on the schedule)" : $"{r.Role} {r.Person}"));
            LogPage(logger, alert.CenterId, alert.Sequence, alert.Event, alert.Kind, alert.Severity, page.Level, who);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PAGE {CenterId} #{Sequence} {Event} {Kind} {Severity} level {Level} -> {Recipients}")]
    private static partial void LogPage(ILogger logger, string centerId, long sequence, string @event, string kind, string severity, int level, string recipients);
}
