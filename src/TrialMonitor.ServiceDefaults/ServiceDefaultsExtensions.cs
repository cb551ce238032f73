using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TrialMonitor.ServiceDefaults;

/// <summary>
/// What every TrialMonitor process sets up the same way (eShop's "service defaults"): OpenTelemetry traces, metrics and
/// logs, OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the Prometheus scrape endpoint, and the health
/// endpoints <c>/health/live</c> (the process answers) and <c>/health/ready</c> (every check tagged <c>ready</c>).
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string ReadyTag = "ready";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = TelemetryOptionsOf(builder);
        builder.Services.AddSingleton(options);
        builder.ConfigureOpenTelemetry(options);
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>Telemetry options with the environment's default for the Prometheus endpoint filled in.</summary>
    public static TelemetryOptions TelemetryOptionsOf(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        options.PrometheusEndpoint ??= builder.Environment.IsDevelopment();
        return options;
    }

    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder, TelemetryOptions options)
    {
        // Every log line written inside a request, grain call or timer carries the trace and span ids in its scope
        // (shown by the JSON console formatter with IncludeScopes, exported with OTLP logs).
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            // The formatted message, never the state's properties by another route: the message templates are the
            // ones the log privacy test checks for patient identifiers.
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? options.ServiceName,
                serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(TelemetrySources.OrleansMeter)
                    .AddMeter(TelemetrySources.AspNetCoreMeters)
                    .AddMeter(TelemetrySources.Project);
                if (options.PrometheusEndpoint == true) metrics.AddPrometheusExporter();
            })
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o =>
                {
                    // Probes and scrapes every few seconds would drown the traces that matter.
                    o.Filter = context => !IsProbeOrScrape(context.Request.Path, options);
                })
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(TelemetrySources.OrleansActivitySources)
                .AddSource(TelemetrySources.SignalRActivitySource)
                .AddSource(TelemetrySources.Project));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) telemetry.UseOtlpExporter();
    }

    /// <summary>
    /// The health endpoints, and the Prometheus scrape endpoint when <see cref="TelemetryOptions.PrometheusEndpoint"/> is
    /// on. None of them needs a token: orchestrators and scrapers call them.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Live: the process answers; no check runs, so a storage outage does not get every silo restarted at once.
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        // Ready: the checks tagged "ready" (storage, the silo's grain calls) pass.
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });

        var options = app.Services.GetRequiredService<TelemetryOptions>();
        if (options.PrometheusEndpoint == true) app.MapPrometheusScrapingEndpoint(options.PrometheusPath);
        return app;
    }

    private static bool IsProbeOrScrape(Microsoft.AspNetCore.Http.PathString path, TelemetryOptions options) =>
        path.StartsWithSegments(LivePath, StringComparison.Ordinal)
        || path.StartsWithSegments(ReadyPath, StringComparison.Ordinal)
        || path.StartsWithSegments(options.PrometheusPath, StringComparison.Ordinal);
}
