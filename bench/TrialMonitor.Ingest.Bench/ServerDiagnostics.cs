using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;

namespace TrialMonitor.Ingest.Bench;

/// <summary>Opens an EventPipe session on the server process of the pid file (the .NET diagnostics protocol).</summary>
public static class ServerDiagnostics
{
    /// <summary>The session, or null (with the reason on the console, prefixed by <paramref name="what"/>) where it cannot be opened.</summary>
    public static EventPipeSession? TryStart(string? pidFile, EventPipeProvider provider, string what)
    {
        if (pidFile is null || !File.Exists(pidFile)) return null;
        try
        {
            var pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
            return new DiagnosticsClient(pid).StartEventPipeSession(provider, requestRundown: false);
        }
        catch (Exception exception) when (exception is ServerNotAvailableException or UnsupportedCommandException or IOException or FormatException)
        {
            Console.WriteLine($"{what}: not recorded ({exception.GetType().Name}: {exception.Message})");
            return null;
        }
    }

    /// <summary>Stops a session whose server may already have gone.</summary>
    public static async Task StopQuietlyAsync(EventPipeSession session)
    {
        try
        {
            await session.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ServerNotAvailableException or IOException or ObjectDisposedException)
        {
            // The server already stopped: nothing left to record.
        }
    }

    /// <summary>The runtime's own counters (System.Runtime), published every <paramref name="intervalSeconds"/>.</summary>
    public static EventPipeProvider RuntimeCounters(int intervalSeconds) =>
        new("System.Runtime", EventLevel.Informational, -1,
            new Dictionary<string, string> { ["EventCounterIntervalSec"] = intervalSeconds.ToString(CultureInfo.InvariantCulture) });
}
