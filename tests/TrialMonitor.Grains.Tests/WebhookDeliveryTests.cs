using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Notifications;
using TrialMonitor.Contracts.Webhooks;
using TrialMonitor.Grains.Tests.Support;
using TrialMonitor.Grains.Webhooks;

namespace TrialMonitor.Grains.Tests;

/// <summary>
/// A center's webhook on the fake clock: retries wait their backoff, give up into the dead letters, survive a
/// restart, send each page once, and sign what they send.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 12, 8, 0, 0, TimeSpan.Zero);

    // Long enough for a timer tick to have run had it been due; the clock does not move meanwhile.
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task A_page_refused_twice_with_503_is_delivered_on_the_third_attempt_and_not_before_each_backoff()
    {
        var time = new FakeTimeProvider(Start);
        var hook = new ScriptedReceiver(time, (_, n) => n <= 2 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK);
        await using var cluster = await StartAsync(GrainCluster.NewDataDirectory(), time, hook);
        var webhook = await ConfiguredAsync(cluster, "WH1-C", secret: null);
        var page = Page("WH1-C", 1);

        await webhook.EnqueueAsync([page]);
        await Checks.EventuallyAsync(async () => (await webhook.GetPendingAsync()) is [{ Attempts: 1 }], "the first attempt is recorded");
        var pending = Assert.Single(await webhook.GetPendingAsync());
        Assert.Equal((Start, Start.AddSeconds(5)), (pending.LastAttemptAt!.Value, pending.NextAttemptAt));
        Assert.StartsWith("HTTP 503", pending.LastError, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(Quiet);
        Assert.Equal(1, hook.Count);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await Checks.EventuallyAsync(async () => (await webhook.GetPendingAsync()) is [{ Attempts: 2 }], "the second attempt at 5 s");
        Assert.Equal(Start.AddSeconds(15), Assert.Single(await webhook.GetPendingAsync()).NextAttemptAt);

        time.Advance(TimeSpan.FromSeconds(9.9));
        await Task.Delay(Quiet);
        Assert.Equal(2, hook.Count);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await Checks.EventuallyAsync(async () => (await webhook.GetPendingAsync()).Count == 0, "delivered on the third attempt at 15 s");

        Assert.Equal([Start, Start.AddSeconds(5), Start.AddSeconds(15)], hook.Received.Select(r => r.At));
        Assert.All(hook.Received, r => Assert.Equal(page.NotificationId, r.NotificationId));
        Assert.Empty(await webhook.GetDeadLettersAsync());
        time.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(Quiet);
        Assert.Equal(3, hook.Count);
    }

    [Fact]
    public async Task A_page_always_answered_500_is_a_dead_letter_after_max_attempts_with_its_last_error_and_retrying_it_delivers_it()
    {
        var time = new FakeTimeProvider(Start);
        var answer = HttpStatusCode.InternalServerError;
        var hook = new ScriptedReceiver(time, (_, _) => answer);
        var options = new WebhookOptions { MaxAttempts = 4 };
        await using var cluster = await StartAsync(GrainCluster.NewDataDirectory(), time, hook, options);
        var webhook = await ConfiguredAsync(cluster, "WH2-C", secret: null);
        var page = Page("WH2-C", 1);

        await webhook.EnqueueAsync([page]);
        for (var attempt = 1; attempt < options.MaxAttempts; attempt++)
        {
            var expected = attempt;
            await Checks.EventuallyAsync(async () => (await webhook.GetPendingAsync()) is [{ Attempts: var a }] && a == expected, $"attempt {expected} recorded");
            time.Advance(options.BackoffAfter(attempt));
        }

        await Checks.EventuallyAsync(async () => (await webhook.GetDeadLettersAsync()).Count == 1, "a dead letter after the last attempt");
        Assert.Empty(await webhook.GetPendingAsync());
        var dead = Assert.Single(await webhook.GetDeadLettersAsync());
        Assert.Equal((page.NotificationId, 4), (dead.Notification.NotificationId, dead.Attempts));
        Assert.StartsWith("HTTP 500", dead.LastError, StringComparison.Ordinal);
        Assert.Contains("4 attempts", dead.LastError, StringComparison.Ordinal);
        // 5 + 10 + 20 s of backoff.
        Assert.Equal(Start.AddSeconds(35), dead.DeadLetteredAt);
        Assert.Equal(4, hook.Count);

        time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(Quiet);
        Assert.Equal(4, hook.Count);
        Assert.Equal(WebhookRetryOutcome.NotFound, await webhook.RetryDeadLetterAsync("WH2-C~unknown#9"));

        answer = HttpStatusCode.Accepted;
        Assert.Equal(WebhookRetryOutcome.Queued, await webhook.RetryDeadLetterAsync(page.NotificationId));
        Assert.Empty(await webhook.GetDeadLettersAsync());
        await Checks.EventuallyAsync(async () => (await webhook.GetPendingAsync()).Count == 0, "the retried page is delivered");
        Assert.Equal(5, hook.Count);
        Assert.Equal(HttpStatusCode.Accepted, hook.Received[^1].Answer);
        Assert.Empty(await webhook.GetDeadLettersAsync());
    }

    [Fact]
    public async Task A_page_answered_400_is_a_dead_letter_at_once_and_the_next_page_goes_on_and_removing_the_webhook_dead_letters_what_waits()
    {
        var time = new FakeTimeProvider(Start);
        var first = Page("WH3-C", 1);
        var hook = new ScriptedReceiver(time, (id, _) => id == first.NotificationId ? HttpStatusCode.BadRequest : HttpStatusCode.OK);
        await using var cluster = await StartAsync(GrainCluster.NewDataDirectory(), time, hook);
        var webhook = await ConfiguredAsync(cluster, "WH3-C", secret: null);

        await webhook.EnqueueAsync([first, Page("WH3-C", 2)]);
        await Checks.EventuallyAsync(async () => (await webhook.GetPendingAsync()).Count == 0, "both pages handled without the clock moving");
        var dead = Assert.Single(await webhook.GetDeadLettersAsync());
        Assert.Equal((first.NotificationId, 1, Start), (dead.Notification.NotificationId, dead.Attempts, dead.DeadLetteredAt));
        Assert.StartsWith("HTTP 400", dead.LastError, StringComparison.Ordinal);
        Assert.Equal([(first.NotificationId, HttpStatusCode.BadRequest), (Page("WH3-C", 2).NotificationId, HttpStatusCode.OK)], hook.Received.Select(r => (r.NotificationId, r.Answer)));

        // A page still waiting when the webhook is removed is not kept for whatever URL comes next.
        hook.Respond = (_, _) => HttpStatusCode.BadGateway;
        await webhook.EnqueueAsync([Page("WH3-C", 3)]);
        await Checks.EventuallyAsync(async () => (await webhook.GetPendingAsync()) is [{ Attempts: 1 }], "the third page waits for a retry");
        await webhook.ConfigureAsync(null);
        Assert.Null(await webhook.GetSettingsAsync());
        Assert.Empty(await webhook.GetPendingAsync());
        Assert.Equal([first.NotificationId, Page("WH3-C", 3).NotificationId], (await webhook.GetDeadLettersAsync()).Select(d => d.Notification.NotificationId));
        Assert.Contains("removed", (await webhook.GetDeadLettersAsync())[1].LastError, StringComparison.Ordinal);
        Assert.Equal(WebhookRetryOutcome.NoWebhook, await webhook.RetryDeadLetterAsync(first.NotificationId));
        time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(Quiet);
        Assert.Equal(3, hook.Count);
    }

    [Fact]
    public async Task After_a_restart_mid_retry_delivery_resumes_on_check_and_the_page_is_delivered_exactly_once()
    {
        var time = new FakeTimeProvider(Start);
        var directory = GrainCluster.NewDataDirectory();
        var hook = new ScriptedReceiver(time, (_, _) => HttpStatusCode.ServiceUnavailable);
        var page = Page("WH4-C", 1);
        await using (var first = await StartAsync(directory, time, hook))
        {
            var webhook = await ConfiguredAsync(first, "WH4-C", secret: null);
            await webhook.EnqueueAsync([page]);
            await Checks.EventuallyAsync(async () => (await webhook.GetPendingAsync()) is [{ Attempts: 1 }], "the first attempt fails");
        }

        hook.Respond = (_, _) => HttpStatusCode.OK;
        await using var second = await StartAsync(directory, time, hook);
        var again = second.Client.GetGrain<IWebhookGrain>("WH4-C");
        await again.CheckAsync();
        var pending = Assert.Single(await again.GetPendingAsync());
        Assert.Equal((1, Start.AddSeconds(5)), (pending.Attempts, pending.NextAttemptAt));
        await Task.Delay(Quiet);
        Assert.Equal(1, hook.Count);

        time.Advance(TimeSpan.FromSeconds(5));
        await Checks.EventuallyAsync(async () => (await again.GetPendingAsync()).Count == 0, "delivered after the restart");
        await again.CheckAsync();
        await again.EnqueueAsync([page]);
        time.Advance(TimeSpan.FromMinutes(30));
        await again.CheckAsync();
        await Task.Delay(Quiet);
        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], hook.Received.Select(r => r.Answer));
        Assert.Empty(await again.GetPendingAsync());
        Assert.Empty(await again.GetDeadLettersAsync());
    }

    [Fact]
    public async Task The_same_page_handed_over_twice_is_delivered_once_and_a_center_without_a_webhook_queues_nothing()
    {
        var time = new FakeTimeProvider(Start);
        var hook = new ScriptedReceiver(time, (_, _) => HttpStatusCode.NoContent);
        await using var cluster = await StartAsync(GrainCluster.NewDataDirectory(), time, hook);
        var page = Page("WH5-C", 1);

        var without = cluster.Client.GetGrain<IWebhookGrain>("WH5-NONE");
        await without.EnqueueAsync([Page("WH5-NONE", 1)]);
        Assert.Empty(await without.GetPendingAsync());
        Assert.Null(await without.GetSettingsAsync());

        var webhook = await ConfiguredAsync(cluster, "WH5-C", secret: null);
        await webhook.EnqueueAsync([page, page]);
        await webhook.EnqueueAsync([page]);
        await Checks.EventuallyAsync(async () => (await webhook.GetPendingAsync()).Count == 0, "delivered");
        await webhook.EnqueueAsync([page]);
        await Task.Delay(Quiet);
        Assert.Empty(await webhook.GetPendingAsync());
        Assert.Equal([page.NotificationId], hook.Received.Select(r => r.NotificationId));
    }

    [Fact]
    public async Task The_signature_is_the_hmac_sha256_of_the_body_with_the_secret_and_the_body_carries_the_page()
    {
        var time = new FakeTimeProvider(Start);
        var hook = new ScriptedReceiver(time, (_, _) => HttpStatusCode.OK);
        await using var cluster = await StartAsync(GrainCluster.NewDataDirectory(), time, hook);
        const string Secret = "correct horse battery staple";
        var webhook = await ConfiguredAsync(cluster, "WH6-C", Secret);
        var settings = (await webhook.GetSettingsAsync())!;
        Assert.True(settings.HasSecret);
        var page = Page("WH6-C", 7);

        await webhook.EnqueueAsync([page]);
        await Checks.EventuallyAsync(() => Task.FromResult(hook.Count == 1), "delivered");
        var received = Assert.Single(hook.Received);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), received.Body));
        Assert.Equal(expected, received.Signature);
        Assert.NotEqual("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("wrong"u8, received.Body)), received.Signature);
        Assert.Equal("application/json", received.ContentType);

        using var body = JsonDocument.Parse(received.Body);
        var root = body.RootElement;
        Assert.Equal(page.NotificationId, root.GetProperty("notificationId").GetString());
        Assert.Equal("WH6-C", root.GetProperty("centerId").GetString());
        Assert.Equal("CART-SLE-01", root.GetProperty("trialId").GetString());
        Assert.Equal(0, root.GetProperty("level").GetInt32());
        Assert.Equal("cart-attending", root.GetProperty("recipients")[0].GetProperty("role").GetString());
        Assert.Equal(page.Alert.AlertId, root.GetProperty("alert").GetProperty("alertId").GetString());
        Assert.Equal(7, root.GetProperty("alert").GetProperty("sequence").GetInt64());

        // Without a secret, nothing is signed.
        await webhook.ConfigureAsync(new WebhookSettings(new Uri("https://pager.example/WH6-C"), null));
        await webhook.EnqueueAsync([Page("WH6-C", 8)]);
        await Checks.EventuallyAsync(() => Task.FromResult(hook.Count == 2), "the unsigned page is delivered");
        Assert.Null(hook.Received[^1].Signature);
    }

    [Fact]
    public async Task The_webhook_channel_hands_each_centers_pages_to_that_centers_webhook()
    {
        var time = new FakeTimeProvider(Start);
        var hook = new ScriptedReceiver(time, (_, _) => HttpStatusCode.ServiceUnavailable);
        await using var cluster = await StartAsync(GrainCluster.NewDataDirectory(), time, hook);
        var a = await ConfiguredAsync(cluster, "WH7-A", secret: null);
        var b = await ConfiguredAsync(cluster, "WH7-B", secret: null);
        var channel = Assert.Single(cluster.Cluster.Silos[0].ServiceProvider.GetServices<IAlertChannel>(), c => c.Name == "webhook");

        await channel.DeliverAsync([Page("WH7-A", 1), Page("WH7-B", 1), Page("WH7-A", 2), Page("WH7-NONE", 1)], CancellationToken.None);

        Assert.Equal([Page("WH7-A", 1).NotificationId, Page("WH7-A", 2).NotificationId], (await a.GetPendingAsync()).Select(p => p.Notification.NotificationId));
        Assert.Equal([Page("WH7-B", 1).NotificationId], (await b.GetPendingAsync()).Select(p => p.Notification.NotificationId));
        Assert.Empty(await cluster.Client.GetGrain<IWebhookGrain>("WH7-NONE").GetPendingAsync());
    }

    private static Task<GrainCluster> StartAsync(string directory, FakeTimeProvider time, ScriptedReceiver hook, WebhookOptions? options = null) =>
        GrainCluster.StartAsync(directory, time: time, configureServices: services =>
        {
            services.AddWebhookDelivery(options);
            services.AddHttpClient(WebhookServices.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => hook);
        });

    private static async Task<IWebhookGrain> ConfiguredAsync(GrainCluster cluster, string centerId, string? secret)
    {
        var webhook = cluster.Client.GetGrain<IWebhookGrain>(centerId);
        await webhook.ConfigureAsync(new WebhookSettings(new Uri($"https://pager.example/{centerId}"), secret));
        return webhook;
    }

    private static AlertNotification Page(string centerId, long sequence)
    {
        var alert = new Alert
        {
            AlertId = $"{centerId}~a{sequence}", Sequence = sequence, TrialId = "CART-SLE-01", CenterId = centerId, PatientId = $"{centerId}-P",
            Kind = "crs", Grade = 2, Severity = "urgent", Status = AlertStatuses.Open, RaisedAt = Start, Reason = "fever 38.9 °C",
            Event = AlertEvents.Raised, EventAt = Start, NotifiedRoles = ["cart-attending"],
        };
        return new AlertNotification(AlertNotification.IdFor(alert), alert, 0, [new OnCallRecipient("cart-attending", "dr-a", "+41 00 000 00 00")]);
    }

    /// <summary>The hospital's end: answers by notification id and how often that id was sent, and keeps what it got and when (fake clock).</summary>
    private sealed class ScriptedReceiver(TimeProvider clock, Func<string, int, HttpStatusCode> respond) : HttpMessageHandler
    {
        private readonly ConcurrentQueue<Request> _received = new();
        private readonly ConcurrentDictionary<string, int> _perId = new(StringComparer.Ordinal);

        public Func<string, int, HttpStatusCode> Respond { get; set; } = respond;

        public IReadOnlyList<Request> Received => [.. _received];

        public int Count => _received.Count;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var id = request.Headers.GetValues(WebhookGrain.NotificationHeader).Single();
            var answer = Respond(id, _perId.AddOrUpdate(id, 1, (_, n) => n + 1));
            var signature = request.Headers.TryGetValues(WebhookGrain.SignatureHeader, out var values) ? values.Single() : null;
            _received.Enqueue(new Request(id, clock.GetUtcNow(), body, signature, request.Content.Headers.ContentType?.MediaType, answer));
            return new HttpResponseMessage(answer) { RequestMessage = request };
        }
    }

    private sealed record Request(string NotificationId, DateTimeOffset At, byte[] Body, string? Signature, string? ContentType, HttpStatusCode Answer);
}
