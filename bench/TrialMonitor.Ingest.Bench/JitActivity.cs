using System.Diagnostics;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace TrialMonitor.Ingest.Bench;

/// <summary>
/// The time the server's JIT compiler spends, read from the runtime's <c>time-in-jit</c> counter once a second. A server
/// just started compiles its ingest path twice over (quick code first, optimised code once a method proves hot): in the
/// first 20 s of load that took 0.3–0.8 of this machine's two cores (bench/README.md), so the warm-up lasts until it has
/// settled, and a measured phase is a server's steady state rather than its first minute.
/// </summary>
public sealed class JitActivity : IAsyncDisposable
{
    private readonly EventPipeSession _session;
    private readonly Task _reading;
    private readonly Lock _lock = new();
    // Milliseconds of JIT per one-second interval, with the bench's clock at its end.
    private readonly List<(TimeSpan At, double Milliseconds)> _intervals = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _stopped;

    private JitActivity(EventPipeSession session)
    {
        _session = session;
        _reading = ServerDiagnostics.ReadOnOwnThread(Read);
    }

    /// <summary>Starts reading the counter of the process of the pid file, or returns null (with the reason on the console).</summary>
    public static JitActivity? Start(string? pidFile) =>
        ServerDiagnostics.TryStart(pidFile, ServerDiagnostics.RuntimeCounters(intervalSeconds: 1), "jit activity") is { } session
            ? new JitActivity(session)
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

    private void Read()
    {
        using var source = new EventPipeEventSource(_session.EventStream);
        source.Dynamic.All += e =>
        {
            if (!ServerDiagnostics.TryReadCounter(e, out var name, out var counter) || name != "time-in-jit") return;
            var milliseconds = Convert.ToDouble(counter["Increment"], System.Globalization.CultureInfo.InvariantCulture);
            lock (_lock) _intervals.Add((_clock.Elapsed, milliseconds));
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
