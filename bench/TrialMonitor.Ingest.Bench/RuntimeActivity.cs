using System.Diagnostics;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace TrialMonitor.Ingest.Bench;

/// <summary>
/// The server's runtime counters, read once a second: the time its JIT compiler spends (<c>time-in-jit</c>) and the
/// bytes it allocates (<c>alloc-rate</c>, what every collection's frequency follows). A server
/// just started compiles its ingest path twice over (quick code first, optimised code once a method proves hot): in the
/// first 20 s of load that took 0.3–0.8 of this machine's two cores (bench/README.md), so the warm-up lasts until it has
/// settled, and a measured phase is a server's steady state rather than its first minute.
/// </summary>
public sealed class RuntimeActivity : IAsyncDisposable
{
    private readonly EventPipeSession _session;
    private readonly Task _reading;
    private readonly Lock _lock = new();
    // Milliseconds of JIT per one-second interval, with the bench's clock at its end.
    private readonly List<(TimeSpan At, double Milliseconds)> _intervals = [];
    // Bytes allocated per one-second interval, likewise.
    private readonly List<(TimeSpan At, double Bytes)> _allocated = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _stopped;

    private RuntimeActivity(EventPipeSession session)
    {
        _session = session;
        _reading = ServerDiagnostics.ReadOnOwnThread(Read);
    }

    /// <summary>Starts reading the counter of the process of the pid file, or returns null (with the reason on the console).</summary>
    public static RuntimeActivity? Start(string? pidFile) =>
        ServerDiagnostics.TryStart(pidFile, ServerDiagnostics.RuntimeCounters(intervalSeconds: 1), "runtime activity") is { } session
            ? new RuntimeActivity(session)
            : null;

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>JIT milliseconds per second of wall time over the last <paramref name="window"/>; null until the window is covered.</summary>
    public double? RecentMillisecondsPerSecond(TimeSpan window)
    {
        lock (_lock)
        {
            if (_intervals.Count == 0 || _intervals[^1].At - _intervals[0].At < window) return null;
            var since = _intervals[^1].At - window;
            var total = 0.0;
            for (var i = _intervals.Count - 1; i >= 0 && _intervals[i].At > since; i--) total += _intervals[i].Milliseconds;
            return total / window.TotalSeconds;
        }
    }

    /// <summary>JIT milliseconds in the intervals that ended between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public double MillisecondsBetween(TimeSpan from, TimeSpan to)
    {
        lock (_lock) return _intervals.Where(i => i.At > from && i.At <= to).Sum(i => i.Milliseconds);
    }

    /// <summary>Bytes the server allocated in the intervals that ended between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public double AllocatedBytesBetween(TimeSpan from, TimeSpan to)
    {
        lock (_lock) return _allocated.Where(i => i.At > from && i.At <= to).Sum(i => i.Bytes);
    }

    private void Read()
    {
        using var source = new EventPipeEventSource(_session.EventStream);
        source.Dynamic.All += e =>
        {
            if (!ServerDiagnostics.TryReadCounter(e, out var name, out var counter) || name is not ("time-in-jit" or "alloc-rate")) return;
            var increment = Convert.ToDouble(counter["Increment"], System.Globalization.CultureInfo.InvariantCulture);
            lock (_lock) (name == "alloc-rate" ? _allocated : _intervals).Add((_clock.Elapsed, increment));
        };
        source.Process();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await ServerDiagnostics.StopQuietlyAsync(_session).ConfigureAwait(false);
            await _reading.ConfigureAwait(false);
        }

        _session.Dispose();
    }
}
