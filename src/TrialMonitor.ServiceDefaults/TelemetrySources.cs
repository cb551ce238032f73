namespace TrialMonitor.ServiceDefaults;

/// <summary>The activity sources and meters a TrialMonitor process exports, beyond the instrumentation libraries' own.</summary>
public static class TelemetrySources
{
    /// <summary>The project's own: the <c>TrialMonitor</c> meter and the <c>TrialMonitor.*</c> activity sources and meters.</summary>
    public static readonly string[] Project = ["TrialMonitor", "TrialMonitor.*"];

    /// <summary>
    /// Orleans 10's activity sources: grain calls (<c>Runtime</c> for system targets, <c>Application</c> for grains),
    /// grain storage reads and writes, silo lifecycle. Calls carry their parent only with activity propagation on
    /// (<c>ISiloBuilder.AddActivityPropagation</c>).
    /// </summary>
    public static readonly string[] OrleansActivitySources =
        ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage", "Microsoft.Orleans.Lifecycle"];

    /// <summary>Orleans' meter: activations, grain call latency (<c>orleans-app-requests-latency</c>), messaging, storage.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>SignalR hub method invocations (ASP.NET Core 9 and later).</summary>
    public const string SignalRActivitySource = "Microsoft.AspNetCore.SignalR.Server";

    /// <summary>ASP.NET Core's meters: Kestrel, HTTP server, SignalR connections (<c>signalr.server.active_connections</c>), rate limiting, exceptions.</summary>
    public static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.Authentication",
    ];
}
