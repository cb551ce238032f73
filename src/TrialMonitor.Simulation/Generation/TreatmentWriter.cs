namespace TrialMonitor.Simulation.Generation;

/// <summary>
/// Treatments: paracetamol premedication before infusion and for fever; the fluid bolus, vasopressor
/// start and stop, tocilizumab and dexamethasone of CRS; dexamethasone for ICANS of grade 2 or more.
/// The vasopressor snapshot is always closed with an empty list, so it never holds past the plan.
/// </summary>
internal static class TreatmentWriter
{
    public static void Write(CourseWriter writer, CourseSchedule schedule, PatientScenario scenario)
    {
        writer.Coded(schedule.InfusionAt.AddMinutes(-30), Codes.Medication, Coded.Paracetamol);

        if (scenario.Crs is { } crs)
        {
            writer.Coded(schedule.After(crs.OnsetHour, 15), Codes.Medication, Coded.Paracetamol);
            if (crs.FeverEndHour - crs.OnsetHour > 8) writer.Coded(schedule.After(crs.OnsetHour + 8, 15), Codes.Medication, Coded.Paracetamol);

            switch (crs.Support)
            {
                case CrsSupport.FluidBolus:
                    writer.Quantity(schedule.After(crs.SupportHour, 5), Codes.FluidBolus, 500m, "mL");
                    break;
                case CrsSupport.Vasopressor:
                    writer.Quantity(schedule.After(crs.SupportHour, 5), Codes.FluidBolus, 1000m, "mL");
                    writer.CodedList(schedule.After(crs.SupportHour + 1, 10), Codes.Vasopressors, [Coded.Norepinephrine]);
                    writer.CodedList(schedule.After(crs.SupportEndHour - 1, 30), Codes.Vasopressors, []);
                    break;
            }

            if (crs.TocilizumabHour is { } tocilizumab) writer.Coded(schedule.After(tocilizumab, 20), Codes.Medication, Coded.Tocilizumab);
            if (crs.Dexamethasone) writer.Coded(schedule.After(crs.SupportHour + 2, 25), Codes.Medication, Coded.Dexamethasone);
        }

        if (scenario.Icans is { Grade: >= 2 } icans)
            writer.Coded(schedule.NeuroCheck(icans.OnsetSlot).AddMinutes(30), Codes.Medication, Coded.Dexamethasone);
    }
}
