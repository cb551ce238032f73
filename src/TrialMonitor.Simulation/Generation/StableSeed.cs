namespace TrialMonitor.Simulation.Generation;

/// <summary>
/// Seeds derived from the trial seed by mixing (SplitMix64), so each patient and each stream of a patient
/// has its own reproducible <see cref="Random"/>: adding a lab does not move the vital signs. Strings are
/// hashed with FNV-1a, never <see cref="string.GetHashCode()"/>, which differs per process.
/// </summary>
internal static class StableSeed
{
    public static int Derive(int seed, params ReadOnlySpan<ulong> parts)
    {
        var state = Mix((ulong)(uint)seed);
        foreach (var part in parts) state = Mix(state ^ Mix(part));
        return (int)(state & 0x7FFF_FFFF);
    }

    public static ulong Hash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = 0xCBF29CE484222325UL;
        foreach (var character in text)
        {
            hash ^= character;
            hash *= 0x100000001B3UL;
        }

        return hash;
    }

    public static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
