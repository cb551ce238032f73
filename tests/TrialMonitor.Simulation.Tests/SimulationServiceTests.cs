using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrialMonitor.Simulation.Tests.Support;

namespace TrialMonitor.Simulation.Tests;

public sealed class SimulationServiceTests
{
    private sealed class StartedLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted { get; } = new(canceled: true);

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }

    private sealed class Factory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    [Fact]
    public async Task It_waits_for_the_server_then_enrols_every_patient_before_streaming_their_observations()
    {
        var accepted = 0;
        var handler = new ScriptedHandler(request =>
        {
            if (request.Method == HttpMethod.Put) return new HttpResponseMessage(HttpStatusCode.OK);
            using var body = JsonDocument.Parse(request.Body);
            var count = body.RootElement.GetProperty("observations").GetArrayLength();
            Interlocked.Add(ref accepted, count);
            return ScriptedHandler.Json(HttpStatusCode.Accepted, $$"""{ "accepted": {{count}}, "duplicates": 0, "rejected": [] }""");
        }).Then(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused"));
        var options = new SimulationOptions
        {
            Enabled = true,
            Centers = ["FR-BDX", "FR-PAR"],
            PatientsPerCenter = 2,
            HistoryDays = 3,
            Acceleration = 1_000_000,
            BatchInterval = TimeSpan.FromMilliseconds(20),
            BaseUrl = "http://trialmonitor.test",
        };
        var logs = new CapturingLoggerFactory();
        using var service = new TrialSimulationService(Options.Create(options), new Factory(handler), new StartedLifetime(), logs);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        await service.StartAsync(stop.Token);
        while (!logs.Entries.Any(e => e.Message.Contains("caught up", StringComparison.Ordinal)) && !stop.IsCancellationRequested) await Task.Delay(20, stop.Token);
        await service.StopAsync(CancellationToken.None);

        var requests = handler.Requests.ToList();
        var puts = requests.Where(r => r.Method == HttpMethod.Put && r.Uri.AbsolutePath.StartsWith("/api/v1/patients/", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, puts.Count);
        Assert.Equal(4, puts.Select(r => r.Uri).Distinct().Count());
        Assert.True(requests.FindLastIndex(r => r.Method == HttpMethod.Put) < requests.FindIndex(r => r.Method == HttpMethod.Post), "every enrolment precedes the first batch");
        Assert.True(accepted > 0);
        Assert.All(requests.Where(r => r.Method == HttpMethod.Post), r => Assert.Equal("http://trialmonitor.test/api/v1/observations", r.Uri.ToString()));
        Assert.Contains(logs.Entries, e => e.Message.Contains("Center FR-BDX: 2 of 2 patients enrolled", StringComparison.Ordinal));
        // Each center gets a simulated on-call schedule before its patients, so that pages name who is paged.
        var onCall = requests.Where(r => r.Method == HttpMethod.Put && r.Uri.AbsolutePath.EndsWith("/on-call", StringComparison.Ordinal)).ToList();
        // The first request of all met a server not yet up ("connection refused") and was sent again.
        Assert.Equal(["/api/v1/centers/FR-BDX/on-call", "/api/v1/centers/FR-BDX/on-call", "/api/v1/centers/FR-PAR/on-call"], onCall.Select(r => r.Uri.AbsolutePath));
        using (var schedule = JsonDocument.Parse(onCall[0].Body))
        {
            var shifts = schedule.RootElement.GetProperty("shifts").EnumerateArray().ToArray();
            Assert.Contains(shifts, s => s.GetProperty("role").GetString() == "cart-attending" && s.GetProperty("person").GetString()!.StartsWith("simulated", StringComparison.Ordinal));
        }
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("BDX-0", StringComparison.Ordinal) || e.Message.Contains("PAR-0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disabled_by_default_it_sends_nothing()
    {
        var handler = new ScriptedHandler();
        var logs = new CapturingLoggerFactory();
        using var service = new TrialSimulationService(Options.Create(new SimulationOptions()), new Factory(handler), new StartedLifetime(), logs);

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!;

        Assert.Empty(handler.Requests);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("disabled", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_bind_from_the_simulation_section_and_configured_centers_replace_the_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulation:Enabled"] = "true",
            ["Simulation:Centers:0"] = "FR-BDX",
            ["Simulation:Centers:1"] = "FR-LIL",
            ["Simulation:Acceleration"] = "60",
            ["Simulation:BatchInterval"] = "00:00:05",
        }).Build();

        var bound = configuration.GetSection(SimulationOptions.SectionName).Get<SimulationOptions>()!;
        var defaults = new SimulationOptions();

        Assert.True(bound.Enabled);
        Assert.Equal(["FR-BDX", "FR-LIL"], bound.EffectiveCenters);
        Assert.Equal(60, bound.Acceleration);
        Assert.Equal(TimeSpan.FromSeconds(5), bound.BatchInterval);
        Assert.Empty(bound.Validate());
        Assert.False(defaults.Enabled);
        Assert.Equal(("CART-SLE-01", 3, 600d, 20260302, 14, TimeSpan.FromSeconds(1)), (defaults.TrialId, defaults.PatientsPerCenter, defaults.Acceleration, defaults.Seed, defaults.HistoryDays, defaults.BatchInterval));
        Assert.Equal(["FR-BDX", "FR-LIL", "FR-PAR", "FR-STR", "FR-TLS", "FR-NCY", "FR-NTE", "FR-MRS", "FR-CFD"], defaults.EffectiveCenters);
        Assert.Null(defaults.BaseUrl);
        Assert.Contains(new SimulationOptions { Acceleration = 0.5, MaxBatchSize = 20_000 }.Validate(), e => e.Contains("MaxBatchSize", StringComparison.Ordinal));
    }

    [Fact]
    public void Registration_binds_the_section_and_adds_the_service_that_the_container_can_build()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulation:PatientsPerCenter"] = "5",
            ["Simulation:BaseUrl"] = "http://localhost:5080",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IHostApplicationLifetime, StartedLifetime>()
            .AddTrialSimulation(configuration);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var hosted = Assert.Single(provider.GetServices<IHostedService>());
        Assert.IsType<TrialSimulationService>(hosted);
        var options = provider.GetRequiredService<IOptions<SimulationOptions>>().Value;
        Assert.Equal(5, options.PatientsPerCenter);
        Assert.Equal("http://localhost:5080", options.BaseUrl);
        Assert.False(options.Enabled);
    }
}
