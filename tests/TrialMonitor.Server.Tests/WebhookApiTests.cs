using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Notifications;
using TrialMonitor.Contracts.Webhooks;
using TrialMonitor.Grains.Webhooks;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>A center's webhook over HTTP: validated settings, a secret never shown, and pages POSTed to a real receiver.</summary>
public abstract class WebhookApiTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    [Theory]
    [InlineData("{}", "url:")]
    [InlineData("{\"url\":null}", "url:")]
    [InlineData("{\"url\":42}", "url:")]
    [InlineData("{\"url\":\"/relative/path\"}", "url:")]
    [InlineData("{\"url\":\"ftp://pager.example/hook\"}", "url:")]
    [InlineData("{\"url\":\"https://pager.example/hook\",\"secret\":7}", "secret:")]
    [InlineData("{\"url\":\"https://pager.example/hook\",\"secret\":\"\"}", "secret:")]
    [InlineData("[]", "the body must be a JSON object")]
    [InlineData("{not json", "the body is not valid JSON")]
    public async Task Invalid_settings_are_refused_with_a_problem_naming_the_field(string body, string detailStart)
    {
        using var response = await PutAsync("WHA-BAD", body);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, detailStart);
        using var none = await Client.GetAsync(new Uri("/api/v1/centers/WHA-BAD/webhook", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task Too_long_a_url_or_secret_and_a_bad_center_id_are_refused_naming_the_field()
    {
        using (var longUrl = await PutAsync("WHA-LONG", JsonSerializer.Serialize(new { url = "https://pager.example/" + new string('a', 2_000) })))
            await AssertProblemAsync(longUrl, HttpStatusCode.BadRequest, "url:");
        using (var longSecret = await PutAsync("WHA-LONG", JsonSerializer.Serialize(new { url = "https://pager.example/hook", secret = new string('s', 201) })))
            await AssertProblemAsync(longSecret, HttpStatusCode.BadRequest, "secret:");
        using (var badCenter = await PutAsync("bad center!", JsonSerializer.Serialize(new { url = "https://pager.example/hook" })))
            await AssertProblemAsync(badCenter, HttpStatusCode.BadRequest, "centerId");
        using var longest = await PutAsync("WHA-LONG", JsonSerializer.Serialize(new { url = "https://pager.example/" + new string('a', 2_000 - 22), secret = new string('s', 200) }));
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }

    [Fact]
    public async Task Configured_settings_are_shown_with_the_secret_redacted_and_deleting_removes_them()
    {
        using (var put = await PutAsync("WHA-CFG", JsonSerializer.Serialize(new { url = "https://pager.example/hooks/wha", secret = "do-not-show-me" })))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var text = await put.Content.ReadAsStringAsync();
            Assert.DoesNotContain("do-not-show-me", text, StringComparison.Ordinal);
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("hasSecret").GetBoolean());
        }

        var shown = await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/centers/WHA-CFG/webhook");
        Assert.Equal("https://pager.example/hooks/wha", shown.GetProperty("url").GetString());
        Assert.True(shown.GetProperty("hasSecret").GetBoolean());
        Assert.False(shown.TryGetProperty("secret", out _));
        Assert.DoesNotContain("do-not-show-me", shown.GetRawText(), StringComparison.Ordinal);

        using (var withoutSecret = await PutAsync("WHA-CFG", JsonSerializer.Serialize(new { url = "http://pager.example/hooks/wha2" })))
            Assert.Equal(HttpStatusCode.OK, withoutSecret.StatusCode);
        Assert.False((await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/centers/WHA-CFG/webhook")).GetProperty("hasSecret").GetBoolean());

        Assert.Equal(JsonValueKind.Array, (await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/centers/WHA-CFG/webhook/dead-letters")).ValueKind);
        Assert.Equal(JsonValueKind.Array, (await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/centers/WHA-CFG/webhook/pending")).ValueKind);

        using (var delete = await Client.DeleteAsync(new Uri("/api/v1/centers/WHA-CFG/webhook", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var gone = await Client.GetAsync(new Uri("/api/v1/centers/WHA-CFG/webhook", UriKind.Relative));
        await AssertProblemAsync(gone, HttpStatusCode.NotFound, "centerId:");
    }

    [Fact]
    public async Task Retrying_an_unknown_dead_letter_is_not_found()
    {
        using (var put = await PutAsync("WHA-RTY", JsonSerializer.Serialize(new { url = "https://pager.example/hook" })))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(0, (await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/centers/WHA-RTY/webhook/dead-letters")).GetArrayLength());
        using var retry = await Client.PostAsync(new Uri("/api/v1/centers/WHA-RTY/webhook/dead-letters/WHA-RTY~nothing%231/retry", UriKind.Relative), null);
        await AssertProblemAsync(retry, HttpStatusCode.NotFound, "notificationId:");
    }

    [Fact]
    public async Task A_page_reaches_a_real_receiver_signed_a_refused_one_is_a_dead_letter_and_retrying_it_over_the_api_delivers_it()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        const string Secret = "shared-with-the-hospital";
        using (var put = await PutAsync("WHA-E2E", JsonSerializer.Serialize(new { url = receiver.Url + "/pager", secret = Secret })))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var webhook = server.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IWebhookGrain>("WHA-E2E");

        var page = Page("WHA-E2E", 1);
        await webhook.EnqueueAsync([page]);
        var received = await receiver.NextAsync();
        Assert.Equal(page.NotificationId, received.NotificationId);
        Assert.Equal("/pager", received.Path);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), received.Body)), received.Signature);
        using (var body = JsonDocument.Parse(received.Body))
        {
            Assert.Equal("WHA-E2E", body.RootElement.GetProperty("centerId").GetString());
            Assert.Equal(page.Alert.AlertId, body.RootElement.GetProperty("alert").GetProperty("alertId").GetString());
        }

        // 422 is permanent: a dead letter at once, shown by the API with its error, and sent again on request.
        var refused = Page("WHA-E2E", 2);
        receiver.Answer = HttpStatusCode.UnprocessableEntity;
        await webhook.EnqueueAsync([refused]);
        Assert.Equal(refused.NotificationId, (await receiver.NextAsync()).NotificationId);
        var deadLetters = await EventuallyAsync("/api/v1/centers/WHA-E2E/webhook/dead-letters", d => d.GetArrayLength() == 1);
        var dead = deadLetters[0];
        Assert.Equal(refused.NotificationId, dead.GetProperty("notification").GetProperty("notificationId").GetString());
        Assert.Equal(1, dead.GetProperty("attempts").GetInt32());
        Assert.StartsWith("HTTP 422", dead.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        receiver.Answer = HttpStatusCode.OK;
        using (var retry = await Client.PostAsync(new Uri($"/api/v1/centers/WHA-E2E/webhook/dead-letters/{Uri.EscapeDataString(refused.NotificationId)}/retry", UriKind.Relative), null))
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(refused.NotificationId, (await receiver.NextAsync()).NotificationId);
        await EventuallyAsync("/api/v1/centers/WHA-E2E/webhook/pending", p => p.GetArrayLength() == 0);
        Assert.Equal(0, (await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/centers/WHA-E2E/webhook/dead-letters")).GetArrayLength());
        Assert.Equal(3, receiver.Count);
    }

    private Task<HttpResponseMessage> PutAsync(string centerId, string json) =>
        Client.PutAsync(new Uri($"/api/v1/centers/{Uri.EscapeDataString(centerId)}/webhook", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailStart)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString();
        Assert.True(detail?.StartsWith(detailStart, StringComparison.Ordinal) == true, $"detail '{detail}' does not start with '{detailStart}'");
    }

    private async Task<JsonElement> EventuallyAsync(string path, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var value = await TrialMonitorApi.GetJsonAsync(Client, path);
            if (condition(value)) return value;
            Assert.True(DateTime.UtcNow < deadline, $"GET {path} not as expected within 15 s: {value}");
            await Task.Delay(100);
        }
    }

    private static AlertNotification Page(string centerId, long sequence)
    {
        var now = DateTimeOffset.UtcNow;
        var alert = new Alert
        {
            AlertId = $"{centerId}~e2e{sequence}", Sequence = sequence, TrialId = "CART-SLE-01", CenterId = centerId, PatientId = $"{centerId}-P",
            Kind = "crs", Grade = 1, Severity = "urgent", Status = AlertStatuses.Open, RaisedAt = now, Reason = "fever 38.6 °C",
            Event = AlertEvents.Raised, EventAt = now, NotifiedRoles = ["bedside-nurse"],
        };
        return new AlertNotification(AlertNotification.IdFor(alert), alert, 0, [new OnCallRecipient("bedside-nurse", null, null)]);
    }
}

[Collection(SqliteServerGroup.Name)]
public sealed class WebhookApiOnSqliteTests(SqliteServerFixture server) : WebhookApiTests(server);

[Collection(PostgresServerGroup.Name)]
public sealed class WebhookApiOnPostgresTests(PostgresServerFixture server) : WebhookApiTests(server);

/// <summary>Webhook delivery reads its retry policy from <c>Alerts:Webhook</c>.</summary>
public sealed class WebhookConfigurationTests
{
    [Fact]
    public async Task The_retry_policy_comes_from_configuration_with_proposed_defaults()
    {
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        factory.Settings["Alerts:Webhook:MaxAttempts"] = "3";
        factory.Settings["Alerts:Webhook:FirstRetryAfter"] = "00:00:02";
        using var client = factory.CreateClient();
        var options = factory.Services.GetRequiredService<WebhookOptions>();
        Assert.Equal((3, TimeSpan.FromSeconds(2)), (options.MaxAttempts, options.FirstRetryAfter));
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10)), (options.MaxRetryAfter, options.Timeout));
        Assert.Contains(factory.Services.GetServices<IAlertChannel>(), c => c.Name == "webhook");
    }
}
