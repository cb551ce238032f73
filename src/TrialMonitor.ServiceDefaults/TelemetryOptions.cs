namespace TrialMonitor.ServiceDefaults;

/// <summary>Bound from the <c>Telemetry</c> section.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// Serve Prometheus' text format at <see cref="PrometheusPath"/>, without authentication. Unset: on in Development,
    /// off elsewhere. Where it is on outside a developer's machine, only the scraper's network may reach the path.
    /// </summary>
    public bool? PrometheusEndpoint { get; set; }

    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>The <c>service.name</c> resource attribute when <c>OTEL_SERVICE_NAME</c> does not set it.</summary>
    public string ServiceName { get; set; } = "trialmonitor";
}
