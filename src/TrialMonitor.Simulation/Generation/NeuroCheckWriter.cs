namespace TrialMonitor.Simulation.Generation;

/// <summary>
/// ICE score and arousal every 8 h from infusion to the end of day 14, every 4 h while ICANS lasts
/// (rules.md 2.4). Without ICANS the ICE score is 10 and the patient awakens spontaneously.
/// </summary>
internal static class NeuroCheckWriter
{
    public static void Write(CourseWriter writer, CourseSchedule schedule, PatientScenario scenario, Random random)
    {
        var icans = scenario.Icans;
        for (var slot = 0; slot <= CourseSchedule.LastNeuroSlot; slot++)
        {
            var watched = icans is not null && slot >= icans.OnsetSlot - 2 && slot < icans.EndSlot + 2;
            if (slot % 2 != 0 && !watched) continue;

            var grade = icans?.GradeAt(slot) ?? 0;
            var (ice, arousal) = grade switch
            {
                1 => (random.Next(7, 10), Coded.Spontaneous),
                2 => (random.Next(3, 7), Coded.Voice),
                3 => (random.Next(1, 3), Coded.Tactile),
                _ => (10, Coded.Spontaneous),
            };
            var at = schedule.NeuroCheck(slot);
            writer.Quantity(at, Codes.IceScore, ice, "{score}");
            writer.Coded(at, Codes.Arousal, arousal);
        }
    }
}
