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

    /// <summary>
    /// Runs an event source's reading loop, which blocks until its session ends, on a thread of its own. On the thread
    /// pool two such loops held both of a 2-core machine's minimum workers for the whole run; with them there, one probe
    /// in about half the runs got its answer and its alert 0.7–1.9 s late although the server's log shows the alert
    /// pushed within milliseconds, and none did in the runs after this change (bench/README, 4 Dec 2026).
    /// </summary>
    public static Task ReadOnOwnThread(Action read) =>
        Task.Factory.StartNew(read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The payload of one runtime counter (System.Runtime) published as an <c>EventCounters</c> event.</summary>
    public static bool TryReadCounter(Microsoft.Diagnostics.Tracing.TraceEvent e, out string name, out IDictionary<string, object> counter)
    {
        name = "";
        counter = null!;
        if (e.EventName != "EventCounters" || e.PayloadValue(0) is not IDictionary<string, object> outer
            || outer["Payload"] is not IDictionary<string, object> payload || payload["Name"] is not string named) return false;
        (name, counter) = (named, payload);
        return true;
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
