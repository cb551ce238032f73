using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>No patient identifier in any log line (issue 5): a whole clinical course through the API, logged at Information and above.</summary>
public sealed class LogPrivacyTests
{
    private const string Patient = "PIDSECRET-0042";

    [Fact]
    public async Task A_course_with_alerts_rejections_an_acknowledgement_and_a_death_logs_no_patient_identifier()
    {
        var lines = new ConcurrentQueue<string>();
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        factory.Settings["Logging:LogLevel:Default"] = "Information";
        await using var logged = factory.WithWebHostBuilder(web => web.ConfigureLogging(logging => logging.AddProvider(new CapturingProvider(lines))));
        using var client = logged.CreateClient();

        var vignette = Vignettes.Named("V7");
        await TrialMonitorApi.EnrolAsync(client, Patient, "PRIV-CTR", Vignettes.InfusionAt);
        await TrialMonitorApi.PostObservationsAsync(client, Vignettes.For(vignette, Patient, "priv-"));
        await TrialMonitorApi.PostObservationsAsync(client,
            [TrialMonitorApi.Observation("priv-bad", Patient, "59408-5", 150m, "%", Vignettes.InfusionAt.AddHours(5))]);
        var alert = (await TrialMonitorApi.GetJsonAsync(client, "/api/v1/centers/PRIV-CTR/alerts")).EnumerateArray().First();
        using (await client.PostAsJsonAsync($"/api/v1/alerts/{alert.GetProperty("alertId").GetString()}/acknowledge", new { note = "seen" }))
        using (await client.PostAsJsonAsync($"/api/v1/patients/{Patient}/death", new { diedAt = DateTimeOffset.UtcNow.AddMinutes(-1) }))
        using (await client.GetAsync(new Uri($"/api/v1/patients/{Patient}/status", UriKind.Relative)))
        {
        }

        await Task.Delay(500);
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Contains("ALERT PRIV-CTR", StringComparison.Ordinal));
        var leaks = lines.Where(l => l.Contains("PIDSECRET", StringComparison.Ordinal)).ToArray();
        Assert.True(leaks.Length == 0, "patient id in the logs:\n" + string.Join("\n", leaks.Take(5)));
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class Capturing(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
