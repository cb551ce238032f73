using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>
/// Two server processes' worth of silos on one PostgreSQL cluster: an alert raised through one reaches a SignalR
/// client connected to the other (a hub context inside a grain would reach only its own silo's connections).
/// </summary>
public sealed class TwoSiloTests
{
    [Fact]
    public async Task An_alert_raised_through_one_silo_reaches_a_client_of_the_other_and_both_see_the_same_state()
    {
        var storage = StorageTarget.NewPostgres();
        await using var siloA = new TrialMonitorFactory(storage);
        using var clientA = siloA.CreateClient();
        await using var siloB = new TrialMonitorFactory(storage);
        using var clientB = siloB.CreateClient();
        await WaitUntilReadyAsync(clientB);

        var infusionAt = DateTimeOffset.UtcNow.AddDays(-2);
        const string center = "TWO-CTR";
        var received = Channel.CreateUnbounded<JsonElement>();
        await using var hubOnB = siloB.CreateHubConnection();
        hubOnB.On<JsonElement>("alert", alert => received.Writer.TryWrite(alert));
        await hubOnB.StartAsync();
        await hubOnB.InvokeAsync<JsonElement[]>("JoinCenter", center, 0L);

        // Several patients, so that their grains are spread over both silos.
        for (var i = 1; i <= 6; i++)
        {
            var patient = $"TWO-00{i}";
            using var enrolled = await TrialMonitorApi.EnrolAsync(clientA, patient, center, infusionAt);
            Assert.True(enrolled.IsSuccessStatusCode, await enrolled.Content.ReadAsStringAsync());
            await TrialMonitorApi.PostObservationsAsync(clientA, [TrialMonitorApi.Observation($"two-{i}", patient, "8310-5", 38.7m, "Cel", infusionAt.AddHours(20 + i))]);
        }

        var sequences = new List<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (sequences.Count < 6) sequences.Add((await received.Reader.ReadAsync(timeout.Token)).GetProperty("sequence").GetInt64());

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], sequences.Order());
        for (var i = 1; i <= 6; i++)
        {
            var viaA = await TrialMonitorApi.GetJsonAsync(clientA, $"/api/v1/patients/TWO-00{i}/status");
            var viaB = await TrialMonitorApi.GetJsonAsync(clientB, $"/api/v1/patients/TWO-00{i}/status");
            Assert.Equal(1, viaB.GetProperty("crs").GetProperty("grade").GetInt32());
            Assert.Equal(viaA.GetRawText(), viaB.GetRawText());
        }
    }

    [Fact]
    public async Task An_escalation_that_falls_due_after_a_silo_left_the_cluster_happens_once_on_the_remaining_silo()
    {
        var storage = StorageTarget.NewPostgres();
        var siloA = new TrialMonitorFactory(storage);
        siloA.Settings["Alerts:Escalation:EmergencyAfter"] = "00:00:04";
        using var clientA = siloA.CreateClient();
        await using var siloB = new TrialMonitorFactory(storage);
        siloB.Settings["Alerts:Escalation:EmergencyAfter"] = "00:00:04";
        siloB.Settings["Monitoring:VitalSignsCheckInterval"] = "00:00:01";
        using var clientB = siloB.CreateClient();
        await WaitUntilReadyAsync(clientB);

        // Centers spread over both silos: whichever silo held each, one of them leaves before anything is due.
        var now = DateTimeOffset.UtcNow;
        var centers = Enumerable.Range(1, 4).Select(i => $"LEAVE-CTR{i}").ToArray();
        foreach (var center in centers)
        {
            var patient = center.Replace("CTR", "P", StringComparison.Ordinal);
            using var enrolled = await TrialMonitorApi.EnrolAsync(clientA, patient, center, now.AddDays(-2));
            Assert.True(enrolled.IsSuccessStatusCode, await enrolled.Content.ReadAsStringAsync());
            await TrialMonitorApi.PostObservationsAsync(clientA,
            [
                TrialMonitorApi.Observation($"{patient}-t", patient, "8310-5", 38.9m, "Cel", now.AddMinutes(-20)),
                TrialMonitorApi.Observation($"{patient}-o2", patient, "tm:o2-device", "non-rebreather", null, now.AddMinutes(-20)),
            ]);
        }

        clientA.Dispose();
        await siloA.DisposeAsync();

        var deadline = DateTime.UtcNow.AddSeconds(40);
        foreach (var center in centers)
        {
            JsonElement[] crs = [];
            while (DateTime.UtcNow < deadline)
            {
                crs = (await TrialMonitorApi.GetJsonAsync(clientB, $"/api/v1/centers/{center}/alerts")).EnumerateArray()
                    .Where(a => a.GetProperty("kind").GetString() == "crs").ToArray();
                if (crs.Length == 1 && crs[0].GetProperty("escalationLevel").GetInt32() == 1) break;
                await Task.Delay(250);
            }

            var alert = Assert.Single(crs);
            Assert.Equal((1, "escalated"), (alert.GetProperty("escalationLevel").GetInt32(), alert.GetProperty("event").GetString()));
            // Raised, then escalated once, whichever silo did it. (The center may also hold a missing-data alert, had
            // the remaining silo's check run between the enrolment and the first readings.)
            await using var connection = siloB.CreateHubConnection();
            await connection.StartAsync();
            var events = (await connection.InvokeAsync<JsonElement[]>("JoinCenter", center, 0L))
                .Where(e => e.GetProperty("alertId").GetString() == alert.GetProperty("alertId").GetString()).Select(e => e.GetProperty("event").GetString());
            Assert.Equal(["raised", "escalated"], events);
        }
    }

    private static async Task WaitUntilReadyAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (response.IsSuccessStatusCode) return;
            await Task.Delay(500);
        }

        Assert.Fail("the second silo never became ready");
    }
}
