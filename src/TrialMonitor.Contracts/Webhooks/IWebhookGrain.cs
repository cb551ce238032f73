using TrialMonitor.Contracts.Notifications;

namespace TrialMonitor.Contracts.Webhooks;

/// <summary>
/// A center's outgoing webhook (keyed by center id): pages queued durably and POSTed to the hospital's paging system
/// in order, one at a time, retried with exponential backoff; those that cannot be delivered land on a dead-letter
/// list that the API shows and can send again.
/// </summary>
public interface IWebhookGrain : IGrainWithStringKey
{
    /// <summary>
    /// Sets the webhook, or removes it when <paramref name="settings"/> is null. Removing it moves every page still
    /// queued to the dead letters: a page is not sent days later to whatever URL is configured next.
    /// </summary>
    Task ConfigureAsync(WebhookSettings? settings);

    /// <summary>The webhook with its secret redacted, or null when the center has none.</summary>
    Task<WebhookSettingsView?> GetSettingsAsync();

    /// <summary>
    /// Queues the pages durably (persisted before this returns) for delivery. Does nothing when the center has no
    /// webhook. A page whose <see cref="AlertNotification.NotificationId"/> is queued, dead-lettered or was delivered
    /// recently is ignored, so a channel handed the same page twice after a crash sends it once.
    /// </summary>
    Task EnqueueAsync(IReadOnlyList<AlertNotification> notifications);

    /// <summary>Pages given up on, oldest first.</summary>
    Task<IReadOnlyList<WebhookDeadLetter>> GetDeadLettersAsync();

    /// <summary>Moves a dead letter back to the end of the queue with its attempts reset.</summary>
    Task<WebhookRetryOutcome> RetryDeadLetterAsync(string notificationId);

    /// <summary>The queue in delivery order, with attempts so far, the next attempt time and the last error.</summary>
    Task<IReadOnlyList<WebhookPending>> GetPendingAsync();

    /// <summary>Resumes delivery (after a restart, say): makes sure the delivery timer is set when pages are queued.</summary>
    Task CheckAsync();
}

/// <summary>Where to POST pages, and the secret that signs them (HMAC-SHA256 of the body), if any.</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookSettings([property: Id(0)] Uri Url, [property: Id(1)] string? Secret);

/// <summary>The webhook as the API shows it: the secret never leaves the grain.</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookSettingsView([property: Id(0)] Uri Url, [property: Id(1)] bool HasSecret, [property: Id(2)] DateTimeOffset ConfiguredAt);

/// <summary>A queued page: how often it was tried, when it is tried next, and why the last attempt failed.</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookPending(
    [property: Id(0)] AlertNotification Notification,
    [property: Id(1)] DateTimeOffset EnqueuedAt,
    [property: Id(2)] int Attempts,
    [property: Id(3)] DateTimeOffset NextAttemptAt,
    [property: Id(4)] DateTimeOffset? LastAttemptAt,
    [property: Id(5)] string? LastError);

/// <summary>A page given up on: after too many attempts, a permanent refusal (4xx), or because the webhook was removed.</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookDeadLetter(
    [property: Id(0)] AlertNotification Notification,
    [property: Id(1)] int Attempts,
    [property: Id(2)] string LastError,
    [property: Id(3)] DateTimeOffset DeadLetteredAt);

[GenerateSerializer]
public enum WebhookRetryOutcome
{
    /// <summary>Back on the queue.</summary>
    Queued,

    /// <summary>No dead letter with that notification id.</summary>
    NotFound,

    /// <summary>The center has no webhook to send it to.</summary>
    NoWebhook,
}
