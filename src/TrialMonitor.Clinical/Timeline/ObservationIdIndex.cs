using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Timeline;

/// <summary>The ids of a timeline's observations, for the duplicate check that the contract's idempotency key needs.</summary>
/// <remarks>
/// An array of references to the observations themselves (open addressing, linear probing) rather than a
/// <see cref="HashSet{T}"/> of their ids: a patient keeps every observation for weeks, and a set's entry, bucket and
/// growth slack cost about 55 bytes per observation where a slot costs 12 at a load of at most
/// <see cref="MaxLoadPercent"/> % (heap census in bench/README). Beside each slot its id's hash, so that a probe reads
/// one contiguous array and follows a reference only when the hashes match: in a heap of millions of observations
/// each reference followed is a cache miss, and a miss at 70 % load probes about six slots. Nothing is ever removed.
/// </remarks>
internal sealed class ObservationIdIndex
{
    // Powers of two, so a hash picks its slot with a mask.
    private const int FirstCapacity = 16;

    // Linear probing stays short below about 70 % full; above it probe runs grow quickly.
    internal const int MaxLoadPercent = 70;

    // Set in every stored hash, so that 0 marks an empty slot.
    private const int Occupied = int.MinValue;

    private Observation?[] _slots = new Observation?[FirstCapacity];
    private int[] _hashes = new int[FirstCapacity];

    public int Count { get; private set; }

    internal int Capacity => _slots.Length;

    public bool Contains(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Find(id, HashOf(id)) < 0;
    }

    /// <summary>Adds the observation unless one with its id is held already; false for a duplicate.</summary>
    public bool Add(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var hash = HashOf(observation.Id);
        var slot = Find(observation.Id, hash);
        if (slot < 0) return false;

        if ((long)(Count + 1) * 100 > (long)_slots.Length * MaxLoadPercent)
        {
            Grow();
            slot = FreeSlot(_hashes, hash);
        }

        _slots[slot] = observation;
        _hashes[slot] = hash;
        Count++;
        return true;
    }

    /// <summary>The free slot where the id would go, or -1 when it is held.</summary>
    private int Find(string id, int hash)
    {
        var hashes = _hashes;
        var mask = hashes.Length - 1;
        for (var slot = hash & mask; hashes[slot] != 0; slot = (slot + 1) & mask)
        {
            if (hashes[slot] == hash && string.Equals(_slots[slot]!.Id, id, StringComparison.Ordinal)) return -1;
        }

        return FreeSlot(hashes, hash);
    }

    private void Grow()
    {
        var slots = new Observation?[_slots.Length * 2];
        var hashes = new int[slots.Length];
        for (var i = 0; i < _hashes.Length; i++)
        {
            if (_hashes[i] == 0) continue;
            var slot = FreeSlot(hashes, _hashes[i]);
            slots[slot] = _slots[i];
            hashes[slot] = _hashes[i];
        }

        _slots = slots;
        _hashes = hashes;
    }

    private static int FreeSlot(int[] hashes, int hash)
    {
        var mask = hashes.Length - 1;
        var slot = hash & mask;
        while (hashes[slot] != 0) slot = (slot + 1) & mask;
        return slot;
    }

    // string's own hash is randomised per process, so ids chosen by a sender cannot be made to collide on purpose.
    internal static int HashOf(string id) => id.GetHashCode(StringComparison.Ordinal) | Occupied;
}
