using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Timeline;

/// <summary>All observations with one effective time, kept in <see cref="ObservationOrder"/> so arrival order never matters.</summary>
internal sealed class Instant(long ticks, Observation first)
{
    private readonly List<Observation> _observations = [first];

    public long Ticks { get; } = ticks;

    public ReadOnlySpan<Observation> Observations => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_observations);

    public void Insert(Observation observation)
    {
        var index = _observations.BinarySearch(observation, ObservationOrder.Instance);
        _observations.Insert(index < 0 ? ~index : index, observation);
    }
}
