using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TrialMonitor.Simulation;

namespace TrialMonitor.Server.Hosting;

/// <summary>
/// The address this server listens on, so that the simulator posts through the public API of the very process it
/// runs in. A wildcard host (0.0.0.0, [::], +, *) is reached through loopback.
/// </summary>
internal sealed class OwnAddress(IServer server) : ISimulationTarget
{
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
