using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Timeline;

/// <summary>The ids of a timeline's observations, for the duplicate check that the contract's idempotency key needs.</summary>
/// <remarks>
/// One array of references to the observations themselves (open addressing, linear probing) rather than a
/// <see cref="HashSet{T}"/> of their ids: a patient keeps every observation for weeks, and a set's entry, bucket and
/// growth slack cost about 55 bytes per observation where a slot costs 8 at a load of at most
/// <see cref="MaxLoadPercent"/> % (heap census in bench/README). Nothing is ever removed.
/// </remarks>
internal sealed class ObservationIdIndex
{
    // Powers of two, so a hash picks its slot with a mask.
    private const int FirstCapacity = 16;

    // Linear probing stays short below about 70 % full; above it probe runs grow quickly.
    internal const int MaxLoadPercent = 70;

    private Observation?[] _slots = new Observation?[FirstCapacity];

    public int Count { get; private set; }

    internal int Capacity => _slots.Length;

    public bool Contains(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var mask = _slots.Length - 1;
        for (var slot = SlotOf(id, mask); _slots[slot] is { } held; slot = (slot + 1) & mask)
        {
            if (string.Equals(held.Id, id, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    /// <summary>Adds the observation unless one with its id is held already; false for a duplicate.</summary>
    public bool Add(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var id = observation.Id;
        var mask = _slots.Length - 1;
        var slot = SlotOf(id, mask);
        for (; _slots[slot] is { } held; slot = (slot + 1) & mask)
        {
            if (string.Equals(held.Id, id, StringComparison.Ordinal)) return false;
        }

        if ((long)(Count + 1) * 100 > (long)_slots.Length * MaxLoadPercent)
        {
            Grow();
            mask = _slots.Length - 1;
            slot = FreeSlot(_slots, id, mask);
        }

        _slots[slot] = observation;
        Count++;
        return true;
    }

    private void Grow()
    {
        var larger = new Observation?[_slots.Length * 2];
        var mask = larger.Length - 1;
        foreach (var held in _slots)
        {
            if (held is not null) larger[FreeSlot(larger, held.Id, mask)] = held;
        }

        _slots = larger;
    }

    private static int FreeSlot(Observation?[] slots, string id, int mask)
    {
        var slot = SlotOf(id, mask);
        while (slots[slot] is not null) slot = (slot + 1) & mask;
        return slot;
    }

    // string's own hash is randomised per process, so ids chosen by a sender cannot be made to collide on purpose.
    private static int SlotOf(string id, int mask) => id.GetHashCode(StringComparison.Ordinal) & mask;
}
