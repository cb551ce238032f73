using System.Diagnostics;

namespace TrialMonitor.Grains.Patients;

/// <summary>Where one ingest call's time went, for the slow-ingest warning: before the grain's turn, the log append, the alert decision, the rest.</summary>
internal sealed class IngestTiming(long turnStarted, DateTimeOffset? receivedAt, TimeProvider clock)
{
    // Received by the endpoint until this grain's turn began: parsing, messaging and the grain's queue.
    public TimeSpan BeforeTurn { get; } = receivedAt is { } received && clock.GetUtcNow() - received is { Ticks: > 0 } waited
        ? waited - Stopwatch.GetElapsedTime(turnStarted)
        : TimeSpan.Zero;

    public TimeSpan Appended { get; private set; }

    public TimeSpan Decided { get; private set; }

    public TimeSpan Total => Stopwatch.GetElapsedTime(turnStarted);

    public void MarkAppended() => Decided = Appended = Stopwatch.GetElapsedTime(turnStarted);

    public void MarkDecided() => Decided = Stopwatch.GetElapsedTime(turnStarted);
}
