using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Notifications;
using TrialMonitor.Contracts.Webhooks;

namespace TrialMonitor.Grains.Webhooks;

/// <summary>
/// A center's outgoing webhook. Pages are persisted on arrival and POSTed in order, one at a time, by a one-shot
/// grain timer set to the first page's next attempt. 2xx delivers; 5xx, 408, 429, timeouts and connection errors are
/// retried after FirstRetryAfter × 2^(attempt − 1), capped at MaxRetryAfter (or the receiver's Retry-After, capped);
/// any other answer is permanent and dead-letters the page at once, as do MaxAttempts failures. Delivery is at least
/// once: a crash between a delivery and its state write sends that page again, with the same
/// <c>X-TrialMonitor-Notification</c> so that the receiver can tell. Delivery interleaves with calls, so that the
/// center handing over a page never waits behind a slow receiver. Logs name the center, the notification and the
/// status code, never a patient.
/// </summary>
public sealed partial class WebhookGrain(
    [PersistentState("webhook", GrainStorage.Clinical)] IPersistentState<WebhookState> state,
    IHttpClientFactory httpClients,
    WebhookOptions options,
    TimeProvider clock,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain
{
    /// <summary>Dead letters kept; beyond this the oldest are dropped (their ids stay among the recent ones).</summary>
    public const int MaxDeadLetters = 1_000;

    /// <summary>Ids of pages delivered (or dropped) that are remembered, so that a page handed over twice is sent once.</summary>
    public const int MaxRecentIds = 1_000;

    public const int MaxUrlLength = 2_000;
    public const int MaxSecretLength = 200;

    public const string NotificationHeader = "X-TrialMonitor-Notification";
    public const string SignatureHeader = "X-TrialMonitor-Signature";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HashSet<string> _recent = new(StringComparer.Ordinal);
    private IGrainTimer? _timer;
    private Task? _writing;
    private bool _unsaved;

    private string CenterId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Index();
        Schedule();
        return Task.CompletedTask;
    }

    public async Task ConfigureAsync(WebhookSettings? settings)
    {
        var now = clock.GetUtcNow();
        if (settings is null)
        {
            if (state.State.Settings is null && state.State.Queue.Count == 0) return;
            // A page is not kept waiting for whatever URL comes next: it is shown as a dead letter, to be sent again on purpose.
            foreach (var pending in state.State.Queue)
                AddDeadLetter(new WebhookDeadLetter(pending.Notification, pending.Attempts, "the webhook was removed" + (pending.LastError is { } last ? $" (last error: {last})" : ""), now));
            state.State.Queue.Clear();
            state.State.Settings = null;
        }
        else
        {
            if (Problem(settings) is { } problem) throw new ArgumentException(problem, nameof(settings));
            state.State.Settings = settings;
            state.State.ConfiguredAt = now;
            // A new URL or secret is tried at once rather than after the backoff earned by the old one.
            if (state.State.Queue.Count > 0) state.State.Queue[0] = state.State.Queue[0] with { NextAttemptAt = now };
        }

        await SaveAsync();
        Schedule();
    }

    public Task<WebhookSettingsView?> GetSettingsAsync() => Task.FromResult(state.State.Settings is { } settings
        ? new WebhookSettingsView(settings.Url, !string.IsNullOrEmpty(settings.Secret), state.State.ConfiguredAt)
        : null);

    public async Task EnqueueAsync(IReadOnlyList<AlertNotification> notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        if (state.State.Settings is null) return;
        var now = clock.GetUtcNow();
        var added = 0;
        foreach (var notification in notifications)
        {
            if (IsKnown(notification.NotificationId)) continue;
            state.State.Queue.Add(new WebhookPending(notification, now, 0, now, null, null));
            added++;
        }

        if (added == 0 && !_unsaved) return;
        await SaveAsync();
        Schedule();
    }

    public Task<IReadOnlyList<WebhookDeadLetter>> GetDeadLettersAsync() =>
        Task.FromResult<IReadOnlyList<WebhookDeadLetter>>(state.State.DeadLetters.ToArray());

    public Task<IReadOnlyList<WebhookPending>> GetPendingAsync() =>
        Task.FromResult<IReadOnlyList<WebhookPending>>(state.State.Queue.ToArray());

    public async Task<WebhookRetryOutcome> RetryDeadLetterAsync(string notificationId)
    {
        var index = state.State.DeadLetters.FindIndex(d => d.Notification.NotificationId == notificationId);
        if (index < 0) return WebhookRetryOutcome.NotFound;
        if (state.State.Settings is null) return WebhookRetryOutcome.NoWebhook;
        var now = clock.GetUtcNow();
        var dead = state.State.DeadLetters[index];
        state.State.DeadLetters.RemoveAt(index);
        state.State.Queue.Add(new WebhookPending(dead.Notification, now, 0, now, null, null));
        await SaveAsync();
        Schedule();
        return WebhookRetryOutcome.Queued;
    }

    public Task CheckAsync()
    {
        Schedule();
        return Task.CompletedTask;
    }

    /// <summary>Null when the settings are acceptable; otherwise what is wrong, naming the field.</summary>
    public static string? Problem(WebhookSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            return "url: must be an absolute http or https URL";
        if (url.OriginalString.Length > MaxUrlLength) return $"url: at most {MaxUrlLength:N0} characters";
        if (settings.Secret is { } secret && (secret.Length == 0 || secret.Length > MaxSecretLength))
            return $"secret: when given, 1–{MaxSecretLength} characters";
        return null;
    }

    /// <summary>The body POSTed for a page: web (camelCase) JSON.</summary>
    public static byte[] Body(AlertNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var alert = notification.Alert;
        return JsonSerializer.SerializeToUtf8Bytes(
            new WebhookBody(notification.NotificationId, alert.CenterId, alert.TrialId, notification.Level, notification.Recipients, alert), Json);
    }

    /// <summary>The signature header value: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body with the secret.</summary>
    public static string Signature(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (state.State.Settings is { } settings && state.State.Queue.Count > 0 && !cancellationToken.IsCancellationRequested)
            {
                var head = state.State.Queue[0];
                if (head.NextAttemptAt - clock.GetUtcNow() >= TimeSpan.FromMilliseconds(1)) break;

                var attempt = await PostAsync(settings, head.Notification, cancellationToken);
                if (attempt is null) break; // the grain is deactivating: the page stays queued, untried
                var (kind, statusCode, error, retryAfter) = attempt.Value;
                var attempts = head.Attempts + 1;
                var now = clock.GetUtcNow();
                var id = head.Notification.NotificationId;
                // Calls ran during the POST: the webhook may have been removed, its queue dead-lettered.
                if (state.State.Queue.Count == 0 || state.State.Queue[0].Notification.NotificationId != id) continue;
                switch (kind)
                {
                    case AttemptKind.Delivered:
                        state.State.Queue.RemoveAt(0);
                        Remember(id);
                        LogDelivered(logger, CenterId, id, statusCode ?? 0, attempts);
                        break;
                    case AttemptKind.Retry when attempts < options.MaxAttempts:
                        var wait = retryAfter is { } asked ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, 0, options.MaxRetryAfter.Ticks)) : options.BackoffAfter(attempts);
                        state.State.Queue[0] = head with { Attempts = attempts, LastAttemptAt = now, LastError = error, NextAttemptAt = now + wait };
                        LogRetrying(logger, CenterId, id, statusCode, attempts, wait);
                        break;
                    default:
                        state.State.Queue.RemoveAt(0);
                        var reason = kind == AttemptKind.Retry ? $"{error} (gave up after {attempts} attempts)" : error!;
                        AddDeadLetter(new WebhookDeadLetter(head.Notification, attempts, reason, now));
                        LogDeadLettered(logger, CenterId, id, statusCode, attempts);
                        break;
                }

                await SaveAsync();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Storage failed, say: the state was read back, and the first page is tried again after a pause.
            LogDeliveryFailed(logger, exception, CenterId);
            if (state.State.Queue.Count > 0)
                state.State.Queue[0] = state.State.Queue[0] with { NextAttemptAt = clock.GetUtcNow() + options.FirstRetryAfter };
        }

        Schedule();
    }

    private async Task<(AttemptKind Kind, int? StatusCode, string? Error, TimeSpan? RetryAfter)?> PostAsync(
        WebhookSettings settings, AlertNotification notification, CancellationToken cancellationToken)
    {
        var body = Body(notification);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(NotificationHeader, notification.NotificationId);
        if (!string.IsNullOrEmpty(settings.Secret)) request.Headers.TryAddWithoutValidation(SignatureHeader, Signature(settings.Secret, body));

        // The deadline is real time, whatever the grains' clock: it bounds how long the queue waits on a receiver.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            using var client = httpClients.CreateClient(WebhookServices.HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var code = (int)response.StatusCode;
            if (code is >= 200 and <= 299) return (AttemptKind.Delivered, code, null, null);
            var error = $"HTTP {code.ToString(CultureInfo.InvariantCulture)}" + (string.IsNullOrWhiteSpace(response.ReasonPhrase) ? "" : " " + Shorten(response.ReasonPhrase));
            if (code is 408 or 429 or >= 500) return (AttemptKind.Retry, code, error, RetryAfter(response.Headers.RetryAfter));
            return (AttemptKind.Permanent, code, code < 400 ? error + " (redirects are not followed)" : error, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            return (AttemptKind.Retry, null, $"no answer within {options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", null);
        }
        catch (HttpRequestException exception)
        {
            return (AttemptKind.Retry, null, Shorten($"{exception.HttpRequestError}: {exception.Message}"), null);
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow(),
        _ => null,
    };

    /// <summary>Sets the timer to the first page's next attempt, or stops it when there is nothing to send.</summary>
    private void Schedule()
    {
        if (state.State.Settings is null || state.State.Queue.Count == 0)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var wait = state.State.Queue[0].NextAttemptAt - clock.GetUtcNow();
        // Whole milliseconds, rounded up, as the timer counts; less than one is now.
        wait = wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds));
        // Changed while its own callback runs, the timer takes the new due time once the callback returns.
        _timer ??= this.RegisterGrainTimer(DeliverDueAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });
        _timer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    private bool IsKnown(string notificationId) =>
        _recent.Contains(notificationId)
        || state.State.Queue.Exists(p => p.Notification.NotificationId == notificationId)
        || state.State.DeadLetters.Exists(d => d.Notification.NotificationId == notificationId);

    private void Remember(string notificationId)
    {
        if (!_recent.Add(notificationId)) return;
        state.State.RecentIds.Add(notificationId);
        while (state.State.RecentIds.Count > MaxRecentIds)
        {
            _recent.Remove(state.State.RecentIds[0]);
            state.State.RecentIds.RemoveAt(0);
        }
    }

    private void AddDeadLetter(WebhookDeadLetter deadLetter)
    {
        state.State.DeadLetters.Add(deadLetter);
        while (state.State.DeadLetters.Count > MaxDeadLetters)
        {
            Remember(state.State.DeadLetters[0].Notification.NotificationId);
            state.State.DeadLetters.RemoveAt(0);
        }
    }

    /// <summary>
    /// Writes the state, one write at a time: delivery interleaves with calls (a slow receiver must not hold up the
    /// center handing over pages), so two turns may both want to write. A failed write leaves the page in memory and
    /// marks the state unsaved; the next enqueue or delivery writes it, and the failing caller is told.
    /// </summary>
    private async Task SaveAsync()
    {
        // Turns run one at a time on the grain's scheduler, so nothing starts a write between this loop and the next line.
        while (_writing is { } inFlight)
        {
            try
            {
                await inFlight;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // That write's own caller is told; this one writes the state, its change included, again.
            }
        }

        var write = state.WriteStateAsync();
        _writing = write;
        try
        {
            await write;
            _unsaved = false;
        }
        catch
        {
            _unsaved = true;
            throw;
        }
        finally
        {
            if (_writing == write) _writing = null;
        }
    }

    private void Index()
    {
        _recent.Clear();
        _recent.UnionWith(state.State.RecentIds);
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private enum AttemptKind
    {
        Delivered,
        Retry,
        Permanent,
    }

    private sealed record WebhookBody(string NotificationId, string CenterId, string TrialId, int Level, IReadOnlyList<OnCallRecipient> Recipients, Alert Alert);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook of center {CenterId} delivered {NotificationId} (HTTP {StatusCode}) on attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, string centerId, string notificationId, int statusCode, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of center {CenterId}: attempt {Attempt} for {NotificationId} failed (HTTP {StatusCode}); next attempt in {Wait}")]
    private static partial void LogRetrying(ILogger logger, string centerId, string notificationId, int? statusCode, int attempt, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook of center {CenterId}: {NotificationId} is a dead letter after {Attempts} attempts (HTTP {StatusCode})")]
    private static partial void LogDeadLettered(ILogger logger, string centerId, string notificationId, int? statusCode, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook of center {CenterId}: delivery stopped by an error; it resumes after a pause")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string centerId);
}
