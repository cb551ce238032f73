using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace TrialMonitor.Ingest.Bench;

/// <summary>One stop of the server's managed threads for a garbage collection.</summary>
public sealed record GcPause(DateTime StartedAt, double Milliseconds, int Generation);

/// <summary>
/// The server's garbage-collection pauses while a phase runs, read from its runtime events (EventPipe, the GC keyword at
/// the informational level: a few events per collection). Every managed thread waits during a pause, so a pause is the
/// floor of the latency of every request in flight: the alert tail is read against these figures.
/// </summary>
public sealed class GcPauses : IAsyncDisposable
{
    private readonly EventPipeSession _session;
    private readonly Task _reading;
    private readonly List<GcPause> _pauses = [];
    private bool _stopped;
    private double _suspendedAtMs = -1;
    private int _generation = -1;

    private GcPauses(EventPipeSession session)
    {
        _session = session;
        _reading = ServerDiagnostics.ReadOnOwnThread(Read);
    }

    /// <summary>Starts recording the process of the pid file, or returns null (with the reason on the console) where it cannot.</summary>
    public static GcPauses? Start(string? pidFile)
    {
        var gc = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC);
        return ServerDiagnostics.TryStart(pidFile, gc, "gc pauses") is { } session ? new GcPauses(session) : null;
    }

    /// <summary>Stops recording and returns the pauses seen.</summary>
    public async Task<IReadOnlyList<GcPause>> StopAsync()
    {
        _stopped = true;
        await _session.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _reading.ConfigureAwait(false);
        lock (_pauses) return [.. _pauses];
    }

    /// <summary>"N pauses (gen0 a, gen1 b, gen2 c), X ms in all (P % of the phase), longest L ms (genG), median M ms".</summary>
    public static string Describe(IReadOnlyList<GcPause> pauses, TimeSpan phase)
    {
        if (pauses.Count == 0) return "no pause";
        var byGeneration = string.Join(", ", pauses.GroupBy(p => p.Generation).OrderBy(g => g.Key)
            .Select(g => $"gen{g.Key} {g.Count()}, longest {g.Max(p => p.Milliseconds):F0} ms"));
        var total = pauses.Sum(p => p.Milliseconds);
        var longest = pauses.MaxBy(p => p.Milliseconds)!;
        var sorted = pauses.Select(p => p.Milliseconds).Order().ToArray();
        return $"{pauses.Count} pauses ({byGeneration}), {total:F0} ms in all ({PercentOf(pauses, phase):F1} % of the phase), " +
            $"longest {longest.Milliseconds:F0} ms (gen{longest.Generation}), median {sorted[sorted.Length / 2]:F0} ms";
    }

    /// <summary>The share of the phase the server stood still, in percent.</summary>
    public static double PercentOf(IReadOnlyList<GcPause> pauses, TimeSpan phase) => 100 * pauses.Sum(p => p.Milliseconds) / phase.TotalMilliseconds;

    private void Read()
    {
        using var source = new EventPipeEventSource(_session.EventStream);
        source.Clr.GCSuspendEEStart += e => { _suspendedAtMs = e.TimeStampRelativeMSec; _generation = -1; };
        source.Clr.GCStart += e => _generation = e.Depth;
        source.Clr.GCRestartEEStop += e =>
        {
            // A suspension without a collection (generation -1) is the runtime's own (a debugger, a profiler): not counted.
            if (_suspendedAtMs < 0 || _generation < 0) return;
            var milliseconds = e.TimeStampRelativeMSec - _suspendedAtMs;
            // This event ends the pause: its start is that much earlier.
            lock (_pauses) _pauses.Add(new GcPause(e.TimeStamp.ToUniversalTime().AddMilliseconds(-milliseconds), milliseconds, _generation));
            _suspendedAtMs = -1;
        };
        source.Process();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped) await ServerDiagnostics.StopQuietlyAsync(_session).ConfigureAwait(false);
        _session.Dispose();
    }
}
