using System.Collections.Concurrent;
using TrialMonitor.Contracts.Notifications;

namespace TrialMonitor.Grains.Tests.Support;

/// <summary>An alert channel that keeps what it is handed, and can be told to refuse (a paging system that is down).</summary>
public sealed class RecordingChannel : IAlertChannel
{
    private readonly ConcurrentQueue<AlertNotification> _pages = new();

    public string Name => "recording";

    public bool Refuse { get; set; }

    public IReadOnlyList<AlertNotification> Pages => _pages.ToArray();

    public Task DeliverAsync(IReadOnlyList<AlertNotification> notifications, CancellationToken cancellationToken)
    {
        if (Refuse) throw new InvalidOperationException("the paging system is down (test)");
        foreach (var page in notifications) _pages.Enqueue(page);
        return Task.CompletedTask;
    }
}
