using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TrialMonitor.Persistence;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>
/// Failing fast instead of hanging or growing without bound (issue "Cluster reliability"): storage briefly gone is a
/// 503 with Retry-After that heals by itself when the client resends, and ingest beyond capacity is refused before
/// its body is read.
/// </summary>
public sealed class UnavailabilityTests
{
    private static readonly DateTimeOffset InfusionAt = DateTimeOffset.UtcNow.AddDays(-2);

    [Fact]
    public async Task Storage_briefly_unavailable_is_a_503_with_retry_after_and_the_resent_batch_is_stored()
    {
        var switchable = new SwitchableLog();
        await using var factory = Failing(switchable, out var client);
        using var enrolled = await TrialMonitorApi.EnrolAsync(client, "UNAV-1", "UNAV-C", InfusionAt);
        var body = Body(TrialMonitorApi.Observation("unav-1", "UNAV-1", "8867-4", 88m, "/min", InfusionAt.AddHours(3)));

        switchable.Mode = FailureMode.BeforeWriting;
        using var refused = await client.PostAsync(new Uri("/api/v1/observations", UriKind.Relative), body());
        switchable.Mode = FailureMode.None;
        using var resent = await client.PostAsync(new Uri("/api/v1/observations", UriKind.Relative), body());

        var text = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)refused.StatusCode}: {text}");
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("retry after 1 s", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        Assert.Equal(1, (int)JsonNode.Parse(await resent.Content.ReadAsStringAsync())!["accepted"]!);
    }

    [Fact]
    public async Task A_fever_whose_write_was_stored_but_not_confirmed_still_raises_its_alert_when_resent()
    {
        var switchable = new SwitchableLog();
        await using var factory = Failing(switchable, out var client);
        using var enrolled = await TrialMonitorApi.EnrolAsync(client, "UNAV-2", "UNAV-D", InfusionAt);
        var body = Body(TrialMonitorApi.Observation("unav-fever", "UNAV-2", "8310-5", 38.9m, "Cel", InfusionAt.AddHours(20)));

        // The commit happened, but the answer was lost (the connection dropped after COMMIT).
        switchable.Mode = FailureMode.AfterWriting;
        using var refused = await client.PostAsync(new Uri("/api/v1/observations", UriKind.Relative), body());
        switchable.Mode = FailureMode.None;
        using var resent = await client.PostAsync(new Uri("/api/v1/observations", UriKind.Relative), body());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        Assert.Equal(1, (int)JsonNode.Parse(await resent.Content.ReadAsStringAsync())!["duplicates"]!);
        var alerts = await TrialMonitorApi.GetJsonAsync(client, "/api/v1/centers/UNAV-D/alerts");
        Assert.Contains(alerts.EnumerateArray(), a => a.GetProperty("kind").GetString() == "crs");
        var status = await TrialMonitorApi.GetJsonAsync(client, "/api/v1/patients/UNAV-2/status");
        Assert.Equal(1, status.GetProperty("crs").GetProperty("grade").GetInt32());
    }

    [Fact]
    public async Task Beyond_capacity_ingest_is_a_503_with_retry_after_before_the_body_is_read()
    {
        var switchable = new SwitchableLog();
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        // Room for one of these bodies (about 150 bytes each), not two.
        factory.Settings["Api:IngestBytesInFlight"] = "200";
        factory.Settings["Api:RetryAfterSeconds"] = "2";
        await using var gated = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services => Wrap(services, switchable)));
        using var client = gated.CreateClient();
        using var enrolled = await TrialMonitorApi.EnrolAsync(client, "CAP-1", "CAP-C", InfusionAt);
        var first = Body(TrialMonitorApi.Observation("cap-1", "CAP-1", "8867-4", 80m, "/min", InfusionAt.AddHours(1)));
        var second = Body(TrialMonitorApi.Observation("cap-2", "CAP-1", "8867-4", 81m, "/min", InfusionAt.AddHours(2)));

        switchable.Mode = FailureMode.Hold;
        var held = client.PostAsync(new Uri("/api/v1/observations", UriKind.Relative), first());
        await switchable.Holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var refused = await client.PostAsync(new Uri("/api/v1/observations", UriKind.Relative), second());
        switchable.Mode = FailureMode.None;
        switchable.Release.TrySetResult();
        using var firstDone = await held;
        using var afterwards = await client.PostAsync(new Uri("/api/v1/observations", UriKind.Relative), second());

        var text = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)refused.StatusCode}: {text}");
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("the body was not read", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, firstDone.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, afterwards.StatusCode);
        Assert.Equal(1, (int)JsonNode.Parse(await afterwards.Content.ReadAsStringAsync())!["accepted"]!);
    }

    private static TrialMonitorFactory Failing(SwitchableLog switchable, out HttpClient client)
    {
        var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        var failing = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services => Wrap(services, switchable)));
        client = failing.CreateClient();
        return factory;
    }

    /// <summary>A request body with a Content-Length, made afresh for each send.</summary>
    private static Func<HttpContent> Body(JsonObject observation)
    {
        var json = new JsonObject { ["observations"] = new JsonArray(observation) }.ToJsonString();
        return () => new StringContent(json, Encoding.UTF8, "application/json");
    }

    private static void Wrap(IServiceCollection services, SwitchableLog switchable)
    {
        var real = services.Last(d => d.ServiceType == typeof(IObservationLog));
        services.Remove(real);
        services.AddSingleton<IObservationLog>(sp =>
        {
            switchable.Inner = (IObservationLog)real.ImplementationFactory!(sp);
            return switchable;
        });
    }

    private enum FailureMode
    {
        None,
        BeforeWriting,
        AfterWriting,
        Hold,
    }

    /// <summary>The real log, made to fail as a restarting PostgreSQL does (a transient NpgsqlException), or to hold.</summary>
    private sealed class SwitchableLog : IObservationLog
    {
        public IObservationLog Inner { get; set; } = null!;

        public volatile FailureMode Mode;

        public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IReadOnlyList<long?>> AppendAsync(IReadOnlyList<LoggedObservation> rows, CancellationToken cancellationToken = default)
        {
            switch (Mode)
            {
                case FailureMode.BeforeWriting:
                    throw Transient();
                case FailureMode.AfterWriting:
                    await Inner.AppendAsync(rows, cancellationToken);
                    throw Transient();
                case FailureMode.Hold:
                    Holding.TrySetResult();
                    await Release.Task;
                    break;
            }

            return await Inner.AppendAsync(rows, cancellationToken);
        }

        public Task<IReadOnlyList<LoggedObservation>> ReadPatientAsync(string patientId, CancellationToken cancellationToken = default) => Inner.ReadPatientAsync(patientId, cancellationToken);

        public Task QuarantineAsync(IReadOnlyList<QuarantinedObservation> rows, CancellationToken cancellationToken = default) => Inner.QuarantineAsync(rows, cancellationToken);

        public Task<long> CountQuarantinedAsync(CancellationToken cancellationToken = default) => Inner.CountQuarantinedAsync(cancellationToken);

        private static NpgsqlException Transient() => new("Exception while reading from stream", new SocketException((int)SocketError.ConnectionReset));
    }
}
