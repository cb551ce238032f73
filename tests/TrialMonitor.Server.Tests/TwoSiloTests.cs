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
