using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using TrialMonitor.Persistence;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>
/// One ingest request is one trace (issue 8 "Traces"): the HTTP server span, the patient grain call (Orleans activity
/// propagation), the observation log's append and its commit, and on PostgreSQL the driver's commands, all share the
/// trace id the caller sent in <c>traceparent</c>.
/// </summary>
public sealed class TracingTests
{
    [Fact]
    public Task On_sqlite_an_ingest_request_traces_through_the_grain_call_to_the_storage_write() =>
        AssertIngestTraceAsync(StorageTarget.NewSqlite(), expectDriverSpans: false);

    [Fact]
    public Task On_postgres_an_ingest_request_traces_through_the_grain_call_to_the_storage_write_and_npgsql() =>
        AssertIngestTraceAsync(StorageTarget.NewPostgres(), expectDriverSpans: true);

    private static async Task AssertIngestTraceAsync(StorageTarget storage, bool expectDriverSpans)
    {
        var spans = new LockedCollection<Activity>();
        await using var factory = new TrialMonitorFactory(storage);
        await using var traced = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))));
        using var client = traced.CreateClient();

        var infusionAt = DateTimeOffset.UtcNow.AddDays(-2);
        await TrialMonitorApi.EnrolAsync(client, "TRC-001", "TRC-CTR", infusionAt);

        // The caller's own trace: every span of the request must carry this id, however many processes and grains it crosses.
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        var body = new JsonObject
        {
            ["observations"] = new JsonArray(
                TrialMonitorApi.Observation("trc-1", "TRC-001", "8310-5", 38.9m, "Cel", infusionAt.AddHours(20)),
                TrialMonitorApi.Observation("trc-2", "TRC-001", "8867-4", 112m, "/min", infusionAt.AddHours(20))),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/observations", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(body),
        };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{callerSpan.ToHexString()}-01");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // The HTTP server span ends after the response is written; give the exporter a moment. Waiting for any server
        // span was a race: Orleans' incoming grain calls are server spans too, and come first.
        Activity[] ours = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            ours = spans.Snapshot().Where(s => s.TraceId == traceId).ToArray();
            if (ours.Any(IsHttpServerSpan)) break;
            await Task.Delay(100);
        }

        var described = string.Join("\n", ours.Select(s => $"{s.Source.Name}: {s.DisplayName} ({s.Kind})"));
        var server = Assert.Single(ours, IsHttpServerSpan);
        Assert.Equal(callerSpan, server.ParentSpanId);
        Assert.True(ours.Any(s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("IngestAsync", StringComparison.Ordinal)),
            "no span of the patient grain call in the request's trace:\n" + described);
        var append = Assert.Single(ours, s => s.Source.Name == StorageTelemetry.ActivitySourceName && s.DisplayName == "observation_log append");
        Assert.Equal(2, append.GetTagItem("trialmonitor.rows"));
        Assert.Contains(ours, s => s.Source.Name == StorageTelemetry.ActivitySourceName && s.DisplayName == "observation_log commit");
        if (expectDriverSpans) Assert.True(ours.Any(s => s.Source.Name == "Npgsql"), "no Npgsql command in the request's trace:\n" + described);
        // No patient identifier in a span name: names are operations, identifiers stay out of them.
        Assert.DoesNotContain(ours, s => s.DisplayName.Contains("TRC-001", StringComparison.Ordinal));
    }

    private static bool IsHttpServerSpan(Activity span) => span.Kind == ActivityKind.Server && span.Source.Name == "Microsoft.AspNetCore";
}

/// <summary>Log lines carry the trace id of the request that caused them, across grain calls (issue 8 "Structured logs").</summary>
public sealed class TraceCorrelatedLogTests
{
    private const string Patient = "LOGTRACE-0007";

    [Fact]
    public async Task The_alert_line_logged_after_an_ingest_carries_the_ingest_requests_trace_id_and_no_patient()
    {
        var lines = new LockedCollection<(string Message, string? TraceId)>();
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        factory.Settings["Logging:LogLevel:Default"] = "Information";
        await using var logged = factory.WithWebHostBuilder(web => web.ConfigureLogging(logging => logging.AddProvider(new ScopeCapturingProvider(lines))));
        using var client = logged.CreateClient();
        await TrialMonitorApi.EnrolAsync(client, Patient, "LOGT-CTR", Vignettes.InfusionAt);

        var traceId = ActivityTraceId.CreateRandom();
        var body = new JsonObject { ["observations"] = new JsonArray([.. Vignettes.For(Vignettes.Named("V7"), Patient, "logt-")]) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/observations", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(body),
        };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        (string Message, string? TraceId)[] alertLines = [];
        for (var attempt = 0; attempt < 50 && alertLines.Length == 0; attempt++)
        {
            await Task.Delay(100);
            alertLines = lines.Snapshot().Where(l => l.Message.StartsWith("ALERT LOGT-CTR", StringComparison.Ordinal)).ToArray();
        }

        Assert.NotEmpty(alertLines);
        // The line is written by the hub's push service, reached from the center grain through the push registry:
        // two grain hops and a one-way observer call away from the request.
        Assert.All(alertLines, l => Assert.Equal(traceId.ToHexString(), l.TraceId));
        Assert.DoesNotContain(lines.Snapshot(), l => l.Message.Contains("LOGTRACE", StringComparison.Ordinal));
    }

    private sealed class ScopeCapturingProvider(LockedCollection<(string, string?)> lines) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        private LockedCollection<(string, string?)> Lines { get; } = lines;

        public ILogger CreateLogger(string categoryName) => new Capturing(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Capturing(ScopeCapturingProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                ArgumentNullException.ThrowIfNull(formatter);
                string? traceId = null;
                owner._scopes.ForEachScope((scope, _) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> values)
                    {
                        foreach (var (key, value) in values)
                            if (key == "TraceId") traceId = value?.ToString();
                    }
                }, (object?)null);
                owner.Lines.Add((formatter(state, exception), traceId));
            }
        }
    }
}
