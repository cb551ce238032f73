using System.Net;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>
/// <c>/metrics</c> (issue 8 "Export"): on by default in Development and served without a token (scrapers carry none),
/// off by default elsewhere, and switched by <c>Telemetry:PrometheusEndpoint</c>.
/// </summary>
public sealed class PrometheusEndpointTests
{
    private const string ProductionKey = "a production signing key of at least thirty-two bytes";

    [Fact]
    public async Task In_development_metrics_are_served_without_a_token_with_the_project_and_orleans_meters()
    {
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        using var device = factory.CreateClient();
        await TrialMonitorApi.EnrolAsync(device, "PRM-001", "PRM-CTR", DateTimeOffset.UtcNow.AddDays(-1));
        await TrialMonitorApi.PostObservationsAsync(device, [TrialMonitorApi.Observation("prm-1", "PRM-001", "8310-5", 37.2m, "Cel", DateTimeOffset.UtcNow.AddMinutes(-5))]);

        using var anonymous = factory.CreateClient(null);
        using var response = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("trialmonitor_observations_received_total{", text, StringComparison.Ordinal);
        Assert.Contains("center=\"PRM-CTR\"", text, StringComparison.Ordinal);
        Assert.Contains("orleans_grains{", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRM-001", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_the_setting_turns_the_endpoint_off()
    {
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        factory.Settings["Telemetry:PrometheusEndpoint"] = "false";
        using var anonymous = factory.CreateClient(null);
        using var response = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Elsewhere_the_endpoint_is_off_unless_the_setting_turns_it_on()
    {
        await using (var production = new TrialMonitorFactory(StorageTarget.NewSqlite()) { EnvironmentName = "Production" })
        {
            production.Settings["Auth:SigningKey"] = ProductionKey;
            using var anonymous = production.CreateClient(null);
            using var off = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, off.StatusCode);
        }

        await using var enabled = new TrialMonitorFactory(StorageTarget.NewSqlite()) { EnvironmentName = "Production" };
        enabled.Settings["Auth:SigningKey"] = ProductionKey;
        enabled.Settings["Telemetry:PrometheusEndpoint"] = "true";
        using var scraper = enabled.CreateClient(null);
        using var on = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        Assert.Contains("# TYPE", await on.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
