using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace TrialMonitor.Ingest.Bench;

/// <summary>
/// The server's managed heap as its runtime counters give it (System.Runtime <c>gc-heap-size</c>, <c>gc-committed</c>,
/// <c>gc-fragmentation</c>), read once beside the resident set: what of the resident set is live objects, what is free
/// space between them, and what is the rest of the process.
/// </summary>
public static class HeapCounters
{
    private static readonly string[] Wanted = ["gc-heap-size", "gc-committed", "gc-fragmentation"];

    /// <summary>A line's worth of the three counters, or null (with the reason on the console) where they cannot be read.</summary>
    public static async Task<string?> ReadAsync(string? pidFile, CancellationToken ct)
    {
        if (ServerDiagnostics.TryStart(pidFile, ServerDiagnostics.RuntimeCounters(intervalSeconds: 1), "heap counters") is not { } session) return null;
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var complete = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = ServerDiagnostics.ReadOnOwnThread(() =>
        {
            using var source = new EventPipeEventSource(session.EventStream);
            source.Dynamic.All += e =>
            {
                if (!ServerDiagnostics.TryReadCounter(e, out var name, out var counter) || Array.IndexOf(Wanted, name) < 0) return;
                lock (values)
                {
                    values[name] = Convert.ToDouble(counter["Mean"], CultureInfo.InvariantCulture);
                    if (values.Count == Wanted.Length) complete.TrySetResult();
                }
            };
            source.Process();
        });

        await Task.WhenAny(complete.Task, Task.Delay(TimeSpan.FromSeconds(10), ct)).ConfigureAwait(false);
        await ServerDiagnostics.StopQuietlyAsync(session).ConfigureAwait(false);
        await reading.ConfigureAwait(false);
        session.Dispose();
        lock (values)
        {
            if (values.Count < Wanted.Length) return null;
            // gc-heap-size and gc-committed are in MB (10^6 bytes) in the runtime's counters.
            return string.Create(CultureInfo.InvariantCulture,
                $"managed heap {values["gc-heap-size"] * 1e6 / 1048576:N0} MiB of which {values["gc-fragmentation"]:F1} % free space, {values["gc-committed"] * 1e6 / 1048576:N0} MiB committed by the collector");
        }
    }
}
