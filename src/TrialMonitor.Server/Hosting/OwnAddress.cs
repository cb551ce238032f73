using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TrialMonitor.Server.Security;
using TrialMonitor.Simulation;

namespace TrialMonitor.Server.Hosting;

/// <summary>
/// The address this server listens on, so that the simulator posts through the public API of the very process it
/// runs in. A wildcard host (0.0.0.0, [::], +, *) is reached through loopback.
/// </summary>
internal sealed class OwnAddress(IServer server, AuthOptions auth, TimeProvider clock) : ISimulationTarget
{
    // The simulation runs for weeks of real time; the token never leaves this process.
    private static readonly TimeSpan SimulatorTokenLifetime = TimeSpan.FromDays(60);

    /// <summary>A device (and admin, for the on-call schedules) of the simulated centers, signed with this server's own key.</summary>
    public string? BearerTokenFor(IReadOnlyList<string> centerIds) => auth.Authority is null
        ? DevelopmentTokens.Create(auth, "simulator", [TrialMonitorRoles.Device, TrialMonitorRoles.Admin], centerIds, SimulatorTokenLifetime, clock.GetUtcNow())
        : null;

    public Uri? BaseAddress
    {
        get
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
            var first = addresses?.OrderBy(a => a.StartsWith("https", StringComparison.Ordinal) ? 1 : 0).FirstOrDefault();
            if (first is null) return null;
            var normalised = first.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://*", "://127.0.0.1", StringComparison.Ordinal);
            return Uri.TryCreate(normalised, UriKind.Absolute, out var uri) ? uri : null;
        }
    }
}
