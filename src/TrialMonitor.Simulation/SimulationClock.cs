namespace TrialMonitor.Simulation;

/// <summary>
/// The simulated clock: it starts at the trial start, runs <c>acceleration</c> times faster than the real
/// clock until it catches up with it, and then runs in real time. It is never ahead of the real clock, so
/// nothing it releases is timed in the future.
/// </summary>
public sealed class SimulationClock
{
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _realStart;
    private readonly double _acceleration;

    public SimulationClock(DateTimeOffset trialStart, double acceleration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(acceleration, 1.0);
        _time = time;
        _realStart = time.GetUtcNow();
        _acceleration = acceleration;
        TrialStart = trialStart < _realStart ? trialStart : _realStart;
    }

    public DateTimeOffset TrialStart { get; }

    public DateTimeOffset Now
    {
        get
        {
            var real = _time.GetUtcNow();
            var elapsedTicks = (real - _realStart).Ticks * _acceleration;
            var behindTicks = (real - TrialStart).Ticks;
            return elapsedTicks >= behindTicks ? real : TrialStart.AddTicks((long)elapsedTicks);
        }
    }

    /// <summary>Whether the simulated clock has caught up with the real one and now runs in real time.</summary>
    public bool CaughtUp => Now >= _time.GetUtcNow();
}
