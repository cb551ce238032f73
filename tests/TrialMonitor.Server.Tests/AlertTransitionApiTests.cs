using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>Acknowledge and resolve over HTTP: resolving says whether the alert was actionable; racing attempts are all on record.</summary>
public abstract class AlertTransitionApiTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task Two_acknowledgements_at_once_make_one_transition_and_both_attempts_are_audited_and_resolving_needs_actionable()
    {
        var infusionAt = DateTimeOffset.UtcNow.AddDays(-2);
        await TrialMonitorApi.EnrolAsync(Client, "ACK-001", "ACK-CTR", infusionAt);
        await TrialMonitorApi.PostObservationsAsync(Client, [TrialMonitorApi.Observation("ack-1", "ACK-001", "8310-5", 38.9m, "Cel", infusionAt.AddHours(30))]);
        var alertId = (await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/centers/ACK-CTR/alerts?status=open"))[0].GetProperty("alertId").GetString()!;

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
            Client.PostAsync(new Uri($"/api/v1/alerts/{alertId}/acknowledge", UriKind.Relative), JsonContent.Create(new { note = $"clinician {i}" }))));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], attempts.Select(r => r.StatusCode).Order());
        foreach (var response in attempts) response.Dispose();

        using var withoutAnswer = await Client.PostAsync(new Uri($"/api/v1/alerts/{alertId}/resolve", UriKind.Relative), JsonContent.Create(new { note = "settled" }));
        Assert.Equal(HttpStatusCode.BadRequest, withoutAnswer.StatusCode);
        Assert.StartsWith("actionable:", (await withoutAnswer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var resolved = await Client.PostAsync(new Uri($"/api/v1/alerts/{alertId}/resolve", UriKind.Relative), JsonContent.Create(new { note = "tocilizumab given", actionable = true }));
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var alert = await resolved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("resolved", alert.GetProperty("status").GetString());
        Assert.True(alert.GetProperty("actionable").GetBoolean());

        var audit = await TrialMonitorApi.GetJsonAsync(Client, $"/api/v1/alerts/{alertId}/attempts");
        Assert.Equal([false, true, true], audit.EnumerateArray().Select(a => a.GetProperty("accepted").GetBoolean()).Order());
        Assert.Equal(3, audit.GetArrayLength());
        var events = await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/centers/ACK-CTR/alerts");
        Assert.Equal(3, Assert.Single(events.EnumerateArray()).GetProperty("sequence").GetInt64());

        var quality = Assert.Single((await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/centers/ACK-CTR/alert-quality")).EnumerateArray());
        Assert.Equal("crs", quality.GetProperty("kind").GetString());
        Assert.Equal(1, quality.GetProperty("raised").GetInt32());
        Assert.Equal(1, quality.GetProperty("acknowledged").GetInt32());
        Assert.True(quality.GetProperty("timeToAcknowledgeP50Seconds").GetDouble() >= 0);
        Assert.Equal(1, quality.GetProperty("resolvedActionable").GetInt32());
        Assert.Equal(1.0, quality.GetProperty("positivePredictiveValue").GetDouble());
    }
}

[Collection(SqliteServerGroup.Name)]
public sealed class AlertTransitionApiOnSqliteTests(SqliteServerFixture server) : AlertTransitionApiTests(server);

[Collection(PostgresServerGroup.Name)]
public sealed class AlertTransitionApiOnPostgresTests(PostgresServerFixture server) : AlertTransitionApiTests(server);
