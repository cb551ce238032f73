using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Timeline;

/// <summary>All observations with one effective time, kept in <see cref="ObservationOrder"/> so arrival order never matters.</summary>
/// <remarks>An array and a count rather than a list: one object fewer for every instant a patient keeps for weeks.</remarks>
internal sealed class Instant(long ticks, Observation first)
{
    // A round of vital signs is about eight observations at one time.
    private const int FirstCapacity = 8;

    private Observation[] _observations = [first];
    private int _count = 1;

    public long Ticks { get; } = ticks;

    public ReadOnlySpan<Observation> Observations => _observations.AsSpan(0, _count);

    public void Insert(Observation observation)
    {
        var index = Array.BinarySearch(_observations, 0, _count, observation, ObservationOrder.Instance);
        if (index < 0) index = ~index;
        if (_count == _observations.Length) Array.Resize(ref _observations, Math.Max(FirstCapacity, _count * 2));
        Array.Copy(_observations, index, _observations, index + 1, _count - index);
        _observations[index] = observation;
        _count++;
    }
}
