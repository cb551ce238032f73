using TrialMonitor.Contracts.Webhooks;

namespace TrialMonitor.Grains.Webhooks;

[GenerateSerializer]
public sealed class WebhookState
{
    [Id(0)] public WebhookSettings? Settings { get; set; }

    [Id(1)] public DateTimeOffset ConfiguredAt { get; set; }

    /// <summary>Pages to deliver, in order; the first is the only one tried.</summary>
    [Id(2)] public List<WebhookPending> Queue { get; set; } = [];

    /// <summary>Pages given up on, oldest first (at most <see cref="WebhookGrain.MaxDeadLetters"/>).</summary>
    [Id(3)] public List<WebhookDeadLetter> DeadLetters { get; set; } = [];

    /// <summary>
    /// Notification ids recently delivered or dropped from the dead letters, oldest first (at most
    /// <see cref="WebhookGrain.MaxRecentIds"/>), so that a page handed over again is not sent twice.
    /// </summary>
    [Id(4)] public List<string> RecentIds { get; set; } = [];
}
