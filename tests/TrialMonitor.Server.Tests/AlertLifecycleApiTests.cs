using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>
/// The whole alert lifecycle through HTTP and the hub, with escalation delays of seconds (Alerts:Escalation:*):
/// on-call schedule, page to the first level by webhook, escalation to the next level by webhook and hub role
/// group, acknowledgement, resolution with its judgement, alert quality, the SAE draft; and escalation across a
/// restart of the server.
/// </summary>
public abstract class AlertLifecycleApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    protected abstract StorageTarget NewStorage();

    [Fact]
    public async Task An_emergency_pages_the_on_call_team_escalates_unanswered_is_acknowledged_and_resolved_and_is_measured()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var factory = new TrialMonitorFactory(NewStorage());
        factory.Settings["Alerts:Escalation:EmergencyAfter"] = "00:00:02";
        using var client = factory.CreateClient();
        const string center = "LIFE-CTR";
        var now = DateTimeOffset.UtcNow;

        using (var schedule = await client.PutAsJsonAsync($"/api/v1/centers/{center}/on-call", new
        {
            shifts = new object[]
            {
                new { role = "cart-attending", person = "Dr Attending", contact = "bip 4411", from = now.AddHours(-1), to = now.AddHours(8) },
                new { role = "principal-investigator", person = "Pr Investigator", contact = (string?)null, from = now.AddDays(-1), to = now.AddDays(30) },
            },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, schedule.StatusCode);
        }

        var onCallNow = await TrialMonitorApi.GetJsonAsync(client, $"/api/v1/centers/{center}/on-call/now");
        Assert.Contains(onCallNow.EnumerateArray(), r => r.GetProperty("role").GetString() == "cart-attending" && r.GetProperty("person").GetString() == "Dr Attending");
        using (var webhook = await client.PutAsJsonAsync($"/api/v1/centers/{center}/webhook", new { url = receiver.Url + "/pager" }))
            Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);

        var pages = Channel.CreateUnbounded<JsonElement>();
        await using var investigator = factory.CreateHubConnection();
        investigator.On<JsonElement>("page", page => pages.Writer.TryWrite(page));
        await investigator.StartAsync();
        await investigator.InvokeAsync("JoinRole", center, "principal-investigator");
        var refused = await Assert.ThrowsAsync<HubException>(() => investigator.InvokeAsync("JoinRole", center, "janitor"));
        Assert.Contains("role", refused.Message, StringComparison.Ordinal);

        await TrialMonitorApi.EnrolAsync(client, "LIFE-001", center, now.AddDays(-2));
        var at = now.AddMinutes(-20);
        await TrialMonitorApi.PostObservationsAsync(client,
        [
            TrialMonitorApi.Observation("life-t", "LIFE-001", "8310-5", 38.9m, "Cel", at),
            TrialMonitorApi.Observation("life-o2", "LIFE-001", "tm:o2-device", "nasal-cannula", null, at),
            TrialMonitorApi.Observation("life-flow", "LIFE-001", "3151-8", 8m, "L/min", at),
        ]);

        // Level 0: the CAR-T attending and ICU outreach, by the center's webhook, with who holds each role now.
        var first = JsonDocument.Parse((await receiver.NextAsync()).Body).RootElement;
        Assert.Equal(0, first.GetProperty("level").GetInt32());
        var alert = first.GetProperty("alert");
        var alertId = alert.GetProperty("alertId").GetString()!;
        Assert.Equal(("crs", 3, "emergency", "raised"), (alert.GetProperty("kind").GetString(), alert.GetProperty("grade").GetInt32(), alert.GetProperty("severity").GetString(), alert.GetProperty("event").GetString()));
        Assert.Equal(["cart-attending", "icu-outreach"], first.GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("role").GetString()));
        Assert.Equal("Dr Attending", first.GetProperty("recipients")[0].GetProperty("person").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("recipients")[1].GetProperty("person").ValueKind);

        // Nobody acknowledges: two seconds later the principal investigator is paged, by webhook and on the hub.
        var second = JsonDocument.Parse((await receiver.NextAsync()).Body).RootElement;
        Assert.Equal((1, "escalated", alertId), (second.GetProperty("level").GetInt32(), second.GetProperty("alert").GetProperty("event").GetString(), second.GetProperty("alert").GetProperty("alertId").GetString()));
        var hubPage = await NextAsync(pages);
        Assert.Equal((1, "Pr Investigator"), (hubPage.GetProperty("level").GetInt32(), hubPage.GetProperty("recipients")[0].GetProperty("person").GetString()));
        var raisedAt = alert.GetProperty("raisedAt").GetDateTimeOffset();
        var escalatedAt = second.GetProperty("alert").GetProperty("eventAt").GetDateTimeOffset();
        Assert.InRange((escalatedAt - raisedAt).TotalSeconds, 2.0, 8.0);

        var open = Assert.Single((await TrialMonitorApi.GetJsonAsync(client, $"/api/v1/centers/{center}/alerts?status=open")).EnumerateArray(), a => a.GetProperty("kind").GetString() == "crs");
        Assert.Equal(1, open.GetProperty("escalationLevel").GetInt32());
        Assert.Equal(JsonValueKind.Null, open.GetProperty("escalatesAt").ValueKind);

        using (var ack = await client.PostAsJsonAsync($"/api/v1/alerts/{alertId}/acknowledge", new { note = "at the bedside" }))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
            var acknowledged = await ack.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("acknowledged", "at the bedside"), (acknowledged.GetProperty("status").GetString(), acknowledged.GetProperty("note").GetString()));
        }

        using (var unjudged = await client.PostAsJsonAsync($"/api/v1/alerts/{alertId}/resolve", new { note = "settled" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unjudged.StatusCode);
            Assert.Contains("actionable", await unjudged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var resolve = await client.PostAsJsonAsync($"/api/v1/alerts/{alertId}/resolve", new { note = "tocilizumab given", actionable = true }))
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);

        var events = (await TrialMonitorApi.GetJsonAsync(client, $"/api/v1/centers/{center}/alerts?afterSequence=0&status=resolved")).EnumerateArray().ToArray();
        Assert.Contains(events, e => e.GetProperty("alertId").GetString() == alertId && e.GetProperty("actionable").GetBoolean());
        var attempts = await TrialMonitorApi.GetJsonAsync(client, $"/api/v1/alerts/{alertId}/attempts");
        Assert.Equal(["acknowledged", "resolved"], attempts.EnumerateArray().Select(a => a.GetProperty("toStatus").GetString()));

        var quality = Assert.Single((await TrialMonitorApi.GetJsonAsync(client, $"/api/v1/centers/{center}/alert-quality")).EnumerateArray(), q => q.GetProperty("kind").GetString() == "crs");
        Assert.Equal((1, 1, 1, 1.0), (quality.GetProperty("raised").GetInt32(), quality.GetProperty("acknowledged").GetInt32(), quality.GetProperty("escalations").GetInt32(), quality.GetProperty("positivePredictiveValue").GetDouble()));

        // CRS grade 3 is a serious adverse event: a draft with its three clocks, aware at the first alert.
        var draft = Assert.Single((await TrialMonitorApi.GetJsonAsync(client, $"/api/v1/centers/{center}/sae-drafts")).EnumerateArray());
        Assert.Equal(("crs", 3), (draft.GetProperty("trigger").GetString(), draft.GetProperty("grade").GetInt32()));
        Assert.Equal(raisedAt, draft.GetProperty("awarenessAt").GetDateTimeOffset());

        // Nothing further: the acknowledged, then resolved, alert never escalates again.
        await Task.Delay(2500);
        Assert.Equal(2, receiver.Count);
    }

    [Fact]
    public async Task An_escalation_that_fell_due_while_the_server_was_down_happens_once_when_it_is_back()
    {
        var storage = NewStorage();
        var now = DateTimeOffset.UtcNow;
        string alertId;
        await using (var first = new TrialMonitorFactory(storage))
        {
            first.Settings["Alerts:Escalation:EmergencyAfter"] = "00:00:03";
            using var client = first.CreateClient();
            await TrialMonitorApi.EnrolAsync(client, "DOWN-001", "DOWN-CTR", now.AddDays(-2));
            await TrialMonitorApi.PostObservationsAsync(client,
            [
                TrialMonitorApi.Observation("down-t", "DOWN-001", "8310-5", 38.9m, "Cel", now.AddMinutes(-20)),
                TrialMonitorApi.Observation("down-o2", "DOWN-001", "tm:o2-device", "non-rebreather", null, now.AddMinutes(-20)),
            ]);
            var raised = Assert.Single((await TrialMonitorApi.GetJsonAsync(client, "/api/v1/centers/DOWN-CTR/alerts")).EnumerateArray(), a => a.GetProperty("kind").GetString() == "crs");
            alertId = raised.GetProperty("alertId").GetString()!;
            Assert.Equal(0, raised.GetProperty("escalationLevel").GetInt32());
        }

        await Task.Delay(TimeSpan.FromSeconds(4));
        await using var second = new TrialMonitorFactory(storage);
        second.Settings["Alerts:Escalation:EmergencyAfter"] = "00:00:03";
        using var again = second.CreateClient();
        JsonElement[] escalations = [];
        var deadline = DateTime.UtcNow + Patience;
        while (escalations.Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            // The alert log, all events after sequence 0, from the center's replay API (the hub's JoinCenter reads the same).
            await using var connection = second.CreateHubConnection();
            await connection.StartAsync();
            escalations = (await connection.InvokeAsync<JsonElement[]>("JoinCenter", "DOWN-CTR", 0L))
                .Where(e => e.GetProperty("alertId").GetString() == alertId && e.GetProperty("event").GetString() == "escalated").ToArray();
        }

        var escalated = Assert.Single(escalations);
        Assert.Equal(1, escalated.GetProperty("escalationLevel").GetInt32());
        Assert.Equal(["principal-investigator"], escalated.GetProperty("notifiedRoles").EnumerateArray().Select(r => r.GetString()));
        await Task.Delay(1000);
        var alert = Assert.Single((await TrialMonitorApi.GetJsonAsync(again, "/api/v1/centers/DOWN-CTR/alerts")).EnumerateArray(), a => a.GetProperty("alertId").GetString() == alertId);
        Assert.Equal(escalated.GetProperty("sequence").GetInt64(), alert.GetProperty("sequence").GetInt64());
    }

    [Theory]
    [InlineData("""{"shifts":[{"role":"janitor","person":"A","from":"2026-01-01T00:00:00Z","to":"2026-01-02T00:00:00Z"}]}""", "shifts[0].role")]
    [InlineData("""{"shifts":[{"role":"cart-attending","person":"","from":"2026-01-01T00:00:00Z","to":"2026-01-02T00:00:00Z"}]}""", "shifts[0].person")]
    [InlineData("""{"shifts":[{"role":"cart-attending","person":"A","from":"2026-01-02T00:00:00Z","to":"2026-01-01T00:00:00Z"}]}""", "shifts[0].to")]
    [InlineData("""{"shifts":[{"role":"cart-attending","person":"A","from":"2026-01-01T00:00:00","to":"2026-01-02T00:00:00Z"}]}""", "shifts[0].from")]
    [InlineData("""{"shifts":{}}""", "shifts")]
    [InlineData("""[1]""", "shifts")]
    [InlineData("""{"shifts":[""", "not valid JSON")]
    public async Task An_on_call_schedule_that_does_not_hold_is_refused_naming_the_field_and_the_old_one_stays(string body, string field)
    {
        await using var factory = new TrialMonitorFactory(NewStorage());
        using var client = factory.CreateClient();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PutAsync(new Uri("/api/v1/centers/ONC-CTR/on-call", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await TrialMonitorApi.GetJsonAsync(client, "/api/v1/centers/ONC-CTR/on-call")).EnumerateArray());
    }

    private static async Task<JsonElement> NextAsync(Channel<JsonElement> pages)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await pages.Reader.ReadAsync(timeout.Token);
    }
}

[Collection(SqliteServerGroup.Name)]
public sealed class AlertLifecycleApiOnSqliteTests : AlertLifecycleApiTests
{
    protected override StorageTarget NewStorage() => StorageTarget.NewSqlite();
}

[Collection(PostgresServerGroup.Name)]
public sealed class AlertLifecycleApiOnPostgresTests : AlertLifecycleApiTests
{
    protected override StorageTarget NewStorage() => StorageTarget.NewPostgres();
}
