using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Grains.Patients;

/// <summary>
/// When a patient's recent observations arrived, for a span of minutes, so a data cut within that span (the trial's
/// periodic safety check asks every patient at once) is answered from the live timeline instead of re-reading the
/// patient's log: under live ingest nearly every patient has received something since the cut.
/// </summary>
/// <remarks>Holds a receipt time and a shared reference per observation; what is older than the span is forgotten.</remarks>
public sealed class RecentArrivals(TimeSpan span)
{
    private readonly Queue<(long ReceivedTicks, Observation Observation)> _arrivals = new();

    // Every observation held by the timeline but not in the queue arrived at or before this.
    private long _forgottenThroughTicks = DateTimeOffset.MinValue.UtcTicks;

    private long _newestTicks = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>An observation replayed from the log on activation: the timeline holds it, its arrival is not remembered.</summary>
    public void AddReplayed(DateTimeOffset receivedAt)
    {
        var ticks = receivedAt.UtcTicks;
        if (ticks > _forgottenThroughTicks) _forgottenThroughTicks = ticks;
        if (ticks > _newestTicks) _newestTicks = ticks;
    }

    /// <summary>An observation just added to the timeline.</summary>
    public void Add(Observation observation, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var ticks = receivedAt.UtcTicks;
        if (ticks > _newestTicks) _newestTicks = ticks;
        _arrivals.Enqueue((ticks, observation));
        var horizon = _newestTicks - span.Ticks;
        while (_arrivals.TryPeek(out var oldest) && oldest.ReceivedTicks < horizon)
        {
            _arrivals.Dequeue();
            if (oldest.ReceivedTicks > _forgottenThroughTicks) _forgottenThroughTicks = oldest.ReceivedTicks;
        }
    }

    /// <summary>
    /// The ids of observations received after <paramref name="asOf"/> but effective by then: what a timeline as known at
    /// that cut leaves out (the engine's assessment at the cut leaves out later effective times itself). False when
    /// the cut is older than what is remembered, and only the log can tell.
    /// </summary>
    public bool TryFindReceivedAfter(DateTimeOffset asOf, out IReadOnlySet<string> receivedAfterButEffectiveBy)
    {
        receivedAfterButEffectiveBy = NoIds;
        var cutTicks = asOf.UtcTicks;
        if (_newestTicks <= cutTicks) return true;
        if (_forgottenThroughTicks > cutTicks) return false;

        HashSet<string>? ids = null;
        foreach (var (receivedTicks, observation) in _arrivals)
        {
            if (receivedTicks > cutTicks && observation.EffectiveAt.UtcTicks <= cutTicks) (ids ??= new HashSet<string>(StringComparer.Ordinal)).Add(observation.Id);
        }

        if (ids is not null) receivedAfterButEffectiveBy = ids;
        return true;
    }

    private static readonly IReadOnlySet<string> NoIds = new HashSet<string>(StringComparer.Ordinal);
}
