using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using TrialMonitor.Server.Tests.Support;
using Xunit.Abstractions;

namespace TrialMonitor.Server.Tests;

/// <summary>Live push over /hubs/monitoring (api.md "Live push") with the .NET SignalR client.</summary>
public abstract class HubTests(ServerFixture server, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Alerts_are_pushed_to_joined_clients_and_a_reconnecting_client_replays_what_it_missed_in_sequence()
    {
        const string center = "HUB-CTR";
        var infusionAt = DateTimeOffset.UtcNow.AddDays(-2);
        await TrialMonitorApi.EnrolAsync(server.Client, "HUB-001", center, infusionAt);

        var received = Channel.CreateUnbounded<JsonElement>();
        await using (var connection = server.Factory.CreateHubConnection())
        {
            connection.On<JsonElement>("alert", alert => received.Writer.TryWrite(alert));
            await connection.StartAsync();
            var history = await connection.InvokeAsync<JsonElement[]>("JoinCenter", center, 0L);
            Assert.Empty(history);

            var sent = Stopwatch.StartNew();
            await TrialMonitorApi.PostObservationsAsync(server.Client, [TrialMonitorApi.Observation("hub-1", "HUB-001", "8310-5", 38.6m, "Cel", infusionAt.AddHours(30))]);
            var raised = await NextAsync(received, "crs");
            output.WriteLine($"accept → hub client: {sent.Elapsed.TotalMilliseconds:F0} ms");

            Assert.Equal(1, raised.GetProperty("sequence").GetInt64());
            Assert.Equal("raised", raised.GetProperty("event").GetString());
            Assert.Equal(1, raised.GetProperty("grade").GetInt32());
            Assert.Equal("urgent", raised.GetProperty("severity").GetString());
            Assert.Equal("open", raised.GetProperty("status").GetString());
            Assert.Contains("38.6", raised.GetProperty("reason").GetString(), StringComparison.Ordinal);

            // Escalation to high-flow oxygen: the same alert, updated, notified again.
            await TrialMonitorApi.PostObservationsAsync(server.Client,
            [
                TrialMonitorApi.Observation("hub-2", "HUB-001", "tm:o2-device", "nasal-cannula", null, infusionAt.AddHours(31)),
                TrialMonitorApi.Observation("hub-3", "HUB-001", "3151-8", 8m, "L/min", infusionAt.AddHours(31)),
            ]);
            var updated = await NextAsync(received, "crs");
            Assert.Equal(raised.GetProperty("alertId").GetString(), updated.GetProperty("alertId").GetString());
            Assert.Equal("updated", updated.GetProperty("event").GetString());
            Assert.Equal(3, updated.GetProperty("grade").GetInt32());
            Assert.Equal("emergency", updated.GetProperty("severity").GetString());
            Assert.Contains("nasal cannula 8 L/min", updated.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        // While no client is connected: an acknowledgement and a new alert kind.
        var lastSeen = 2L;
        var alertId = (await TrialMonitorApi.GetJsonAsync(server.Client, $"/api/v1/centers/{center}/alerts?status=open"))[0].GetProperty("alertId").GetString();
        using (var ack = await server.Client.PostAsync(new Uri($"/api/v1/alerts/{alertId}/acknowledge", UriKind.Relative), JsonContent.Create(new { note = "tocilizumab ordered" })))
            Assert.True(ack.IsSuccessStatusCode, await ack.Content.ReadAsStringAsync());
        await TrialMonitorApi.PostObservationsAsync(server.Client, [TrialMonitorApi.Observation("hub-4", "HUB-001", "tm:ice-score", 5m, "{score}", infusionAt.AddHours(32))]);

        await using var reconnected = server.Factory.CreateHubConnection();
        await reconnected.StartAsync();
        var missed = await reconnected.InvokeAsync<JsonElement[]>("JoinCenter", center, lastSeen);

        Assert.Equal([3L, 4L], missed.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal("acknowledged", missed[0].GetProperty("event").GetString());
        Assert.Equal("tocilizumab ordered", missed[0].GetProperty("note").GetString());
        Assert.Equal("icans", missed[1].GetProperty("kind").GetString());
        Assert.Equal(2, missed[1].GetProperty("grade").GetInt32());
    }

    [Fact]
    public async Task Every_center_numbers_its_alert_events_without_gaps()
    {
        const string center = "SEQ-CTR";
        var infusionAt = DateTimeOffset.UtcNow.AddDays(-4);
        for (var p = 1; p <= 3; p++)
        {
            var patient = $"SEQ-00{p}";
            await TrialMonitorApi.EnrolAsync(server.Client, patient, center, infusionAt);
            await TrialMonitorApi.PostObservationsAsync(server.Client,
            [
                TrialMonitorApi.Observation($"seq-{p}-1", patient, "8310-5", 38.5m, "Cel", infusionAt.AddHours(20)),
                TrialMonitorApi.Observation($"seq-{p}-2", patient, "751-8", 300m, "/uL", infusionAt.AddHours(20)),
            ]);
        }

        await using var connection = server.Factory.CreateHubConnection();
        await connection.StartAsync();
        var events = await connection.InvokeAsync<JsonElement[]>("JoinCenter", center, 0L);

        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => (long)i), events.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(6, events.Length); // CRS and febrile neutropenia for each of three patients
        Assert.All(events.Where(e => e.GetProperty("kind").GetString() == "febrile-neutropenia"), e => Assert.Equal("emergency", e.GetProperty("severity").GetString()));
    }

    private static async Task<JsonElement> NextAsync(Channel<JsonElement> channel, string kind)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var alert = await channel.Reader.ReadAsync(timeout.Token);
            if (alert.GetProperty("kind").GetString() == kind) return alert;
        }
    }
}

[Collection(SqliteServerGroup.Name)]
public sealed class HubOnSqliteTests(SqliteServerFixture server, ITestOutputHelper output) : HubTests(server, output);

[Collection(PostgresServerGroup.Name)]
public sealed class HubOnPostgresTests(PostgresServerFixture server, ITestOutputHelper output) : HubTests(server, output);
