namespace TrialMonitor.Simulation.Generation;

/// <summary>
/// When things are done to one patient, in whole hours from infusion: an hourly vital-signs round from day −1
/// to the end of day 14, neurological checks every 8 h (every 4 h during ICANS), and laboratory draws each
/// morning. A round at hour h happens a few minutes after it, never crossing into the next hour, so hour h
/// lies on day ⌊h / 24⌋ after infusion exactly as the rules count days.
/// </summary>
internal sealed class CourseSchedule(DateTimeOffset infusionAt, int patientSeed)
{
    public const int FirstRoundHour = -24;

    /// <summary>The last hourly round: the end of day 14.</summary>
    public const int LastRoundHour = (15 * 24) - 1;

    /// <summary>Neurological check slots: slot s is at hour 3 + 4s, the even slots being the routine 8-hourly checks.</summary>
    public const int LastNeuroSlot = (LastRoundHour - 3) / 4;

    /// <summary>Engine days with a laboratory draw: a baseline before lymphodepletion, then daily, then twice weekly.</summary>
    public static IReadOnlyList<int> LabDays { get; } = [-7, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 21, 24, 28];

    public DateTimeOffset InfusionAt => infusionAt;

    /// <summary>The vital-signs round of hour <paramref name="hour"/>: 0–9 minutes past it.</summary>
    public DateTimeOffset Round(int hour) => infusionAt.AddHours(hour).AddMinutes(Jitter(hour, 10));

    /// <summary>A moment after the round of <paramref name="hour"/> and before the next one (<paramref name="minutes"/> &lt; 45).</summary>
    public DateTimeOffset After(int hour, int minutes) => infusionAt.AddHours(hour).AddMinutes(10 + minutes);

    public static int NeuroSlotHour(int slot) => 3 + (4 * slot);

    public DateTimeOffset NeuroCheck(int slot) => infusionAt.AddHours(NeuroSlotHour(slot)).AddMinutes(20 + Jitter(10_000 + slot, 15));

    /// <summary>The morning draw that falls on engine day <paramref name="day"/> (20 h after the day starts).</summary>
    public DateTimeOffset LabDraw(int day) => infusionAt.AddDays(day).AddHours(20).AddMinutes(Jitter(20_000 + day, 40));

    private int Jitter(int key, int below) => (int)(StableSeed.Mix((ulong)(uint)patientSeed ^ ((ulong)(uint)key << 32)) % (ulong)below);
}
