namespace TrialMonitor.Simulation.Generation;

/// <summary>
/// One ICANS episode over neurological check slots [<see cref="OnsetSlot"/>, <see cref="EndSlot"/>): the ICE
/// score and arousal set the ASTCT grade at the first half of the slots and improve by one grade after.
/// </summary>
internal sealed record IcansPlan(int Grade, int OnsetSlot, int EndSlot)
{
    public bool ActiveAt(int slot) => slot >= OnsetSlot && slot < EndSlot;

    /// <summary>The grade shown at a check: the planned one first, one less in the second half, none after.</summary>
    public int GradeAt(int slot) => !ActiveAt(slot) ? 0 : slot < OnsetSlot + Math.Max(1, (EndSlot - OnsetSlot) / 2) ? Grade : Math.Max(1, Grade - 1);

    /// <summary>The ICANS grade in effect at a vital-signs round, for ACVPU (the latest check before it).</summary>
    public int GradeAtHour(int hour) => hour < 4 ? 0 : GradeAt((hour - 4) / 4);
}
