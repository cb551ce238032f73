using System.Text.Json.Serialization;
using TrialMonitor.Clinical;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Clinical.Sae;
using TrialMonitor.Grains;
using TrialMonitor.Grains.Webhooks;
using TrialMonitor.Persistence;
using TrialMonitor.Server.Api;
using TrialMonitor.Server.Hosting;
using TrialMonitor.Server.Hosting.Logging;
using TrialMonitor.Server.Hubs;
using TrialMonitor.Server.Security;
using TrialMonitor.ServiceDefaults;
using TrialMonitor.Simulation;

// `TrialMonitor.Server schema [--Storage:...]`: create or complete the database schema, then exit. The server also
// runs this at start-up; it is idempotent.
if (args is ["schema", ..])
{
    var configuration = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args[1..])
        .Build();
    var storageOptions = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
    await SchemaInstaller.InstallAsync(storageOptions);
    Console.WriteLine($"schema ready ({storageOptions.Provider})");
    return;
}

// `TrialMonitor.Server audit-verify [--Storage:...]`: walk the audit chain, print the first broken link (exit 1) or
// "audit chain intact" (exit 0), then exit.
if (args is ["audit-verify", ..])
{
    Environment.ExitCode = await AuditVerifyCommand.RunAsync(args[1..], Console.Out);
    return;
}

// `TrialMonitor.Server token --role ROLE [--center CENTER] [--user NAME]`: print a bearer token (development issuer).
if (args is ["token", ..])
{
    var configuration = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args[1..].Where(a => a.Contains(':', StringComparison.Ordinal)).ToArray())
        .Build();
    var authOptions = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
    Environment.ExitCode = TokenCommand.Run(args[1..], authOptions, Console.Out, Console.Error, DateTimeOffset.UtcNow);
    return;
}

var builder = WebApplication.CreateBuilder(args);
// No patient identifier reaches any log provider, whoever wrote the text (README "Hardened input").
builder.Services.AddPatientIdRedaction();
// Traces, metrics, logs and their exporters, health endpoints (TrialMonitor.ServiceDefaults; README "Telemetry").
builder.AddServiceDefaults();
builder.AddTrialMonitorAuthentication();

var storage = builder.AddTrialMonitorStorage();
var silo = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
builder.UseOrleans(orleans => OrleansHosting.ConfigureSilo(orleans, storage, silo));

// Clinical thresholds and alert tiers: the cited defaults, overridable per deployment ("Clinical", "Alerts:Policy", "Sae").
builder.Services.AddSingleton(builder.Configuration.GetSection("Clinical").Get<ClinicalRulesOptions>() ?? ClinicalRulesOptions.Default);
builder.Services.AddSingleton(builder.Configuration.GetSection("Alerts:Policy").Get<AlertPolicyOptions>() ?? AlertPolicyOptions.Default);
// Routing, escalation delays (Alerts:Escalation:EmergencyAfter / UrgentAfter) and confirm-before-notify (Alerts:ConfirmWithin).
builder.Services.AddSingleton(builder.Configuration.GetSection("Alerts").Get<AlertRoutingOptions>() ?? AlertRoutingOptions.Default);
builder.Services.AddSingleton(builder.Configuration.GetSection("Sae").Get<SaeOptions>() ?? SaeOptions.Default);
builder.AddSafetyReports();
builder.Services.AddTrialMonitorGrainServices();
builder.Services.AddWebhookDelivery(builder.Configuration.GetSection("Alerts:Webhook").Get<WebhookOptions>());

builder.Services.AddProblemDetails();
// Hardened input: request size limits, generic 500s, per-client rate limiting ("Api" section; README "Hardened input").
builder.AddInputHardening();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never);
builder.Services.AddSignalR();
builder.Services.AddSingleton<HubMetrics>();
builder.Services.AddSingleton<HubPushService>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<HubPushService>());
builder.Services.AddHostedService<VitalSignsWatch>();
builder.Services.AddSingleton<ISimulationTarget, OwnAddress>();
builder.Services.AddTrialSimulation(builder.Configuration);
builder.Services.AddHealthChecks()
    .AddCheck<StorageHealthCheck>("storage", tags: [ServiceDefaultsExtensions.ReadyTag])
    .AddCheck<SiloHealthCheck>("silo", tags: [ServiceDefaultsExtensions.ReadyTag]);

var app = builder.Build();

app.UseForwardedClientAddress();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
// Rate limits per authenticated caller, so after authentication; size limits before anything reads a body.
app.UseInputHardening();
// Audited before access control, so that refused attempts (401, 403) are on record too.
app.UseMiddleware<AuditMiddleware>();
app.UseMiddleware<AccessMiddleware>();
// The web dashboards and their bundle (issue 6); outside /api, so the pages themselves need no token.
app.MapDashboardPages();
// /health/live, /health/ready and, when Telemetry:PrometheusEndpoint is on, /metrics: outside /api, so no token.
app.MapDefaultEndpoints();
app.MapPatientEndpoints();
app.MapObservationEndpoints();
app.MapAlertEndpoints();
app.MapTrialEndpoints();
app.MapOnCallEndpoints();
app.MapSaeEndpoints();
app.MapWebhookEndpoints();
app.MapAuditEndpoints();
app.MapQuarantineEndpoints();
app.MapDashboardEndpoints();
// POST /dev/token for the sign-in page: Development with self-signed tokens only, otherwise not mapped.
app.MapDevelopmentSignIn();
app.MapSafetyReportEndpoints();
app.MapHub<MonitoringHub>("/hubs/monitoring");

await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the functional tests.</summary>
public partial class Program;
