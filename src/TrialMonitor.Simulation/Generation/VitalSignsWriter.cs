namespace TrialMonitor.Simulation.Generation;

/// <summary>
/// The hourly vital-signs round (temperature, heart rate, respiratory rate, blood pressure, SpO2, ACVPU and
/// the oxygen device, with flow and FiO2 when oxygen is given) from day −1 to the end of day 14. Outside a
/// planned fever the temperature stays below 38.0 °C, and outside planned hypotension the systolic pressure
/// stays at 92 mmHg or above, so the grades the rules derive are the ones planned.
/// </summary>
internal static class VitalSignsWriter
{
    private const double HighestAfebrile = 37.6;
    private const int LowestNormotensive = 92;

    public static void Write(CourseWriter writer, CourseSchedule schedule, CenterConventions center, PatientScenario scenario, Random random)
    {
        var baseline = scenario.Vitals;
        var crs = scenario.Crs;
        for (var hour = CourseSchedule.FirstRoundHour; hour <= CourseSchedule.LastRoundHour; hour++)
        {
            var at = schedule.Round(hour);
            var diurnal = Math.Sin(2 * Math.PI * (at.UtcDateTime.Hour - 10) / 24.0);
            var febrile = crs?.FebrileAt(hour) == true;
            var temperature = febrile
                ? FeverTemperature(crs!, hour, random)
                : Reported.Clamp(baseline.Temperature + (0.2 * diurnal) + random.Normal(0, 0.15), 35.9, HighestAfebrile);
            var hypotensive = crs?.HypotensiveAt(hour) == true;
            var hypoxic = crs?.HypoxicAt(hour) == true;
            var feverLift = Math.Max(0, temperature - 37.0);

            var heartRate = baseline.HeartRate + (10 * feverLift) + (hypotensive ? 18 : 0) + (hypoxic ? 8 : 0) + random.Normal(0, 4);
            var respiratoryRate = baseline.RespiratoryRate + (1.5 * feverLift) + (hypoxic ? 7 : 0) + random.Normal(0, 1.2);
            var systolic = crs?.SystolicAt(hour) is { } range
                ? random.Next(range.Min, range.Max + 1)
                : Math.Max(LowestNormotensive, Reported.Whole(baseline.Systolic + (4 * diurnal) - (4 * feverLift) + random.Normal(0, 6)));
            var diastolic = Math.Min(systolic - 20, Reported.Whole(systolic * random.Uniform(0.56, 0.66)));
            var spo2 = crs?.SpO2At(hour) is { } saturation
                ? random.Next(saturation.Min, saturation.Max + 1)
                : Reported.Whole(Reported.Clamp(baseline.SpO2 + random.Normal(0, 1.0), 94, 100));
            var oxygen = crs?.OxygenAt(hour) ?? OxygenState.RoomAir;
            var icansGrade = scenario.Icans?.GradeAtHour(hour) ?? 0;
            var acvpu = icansGrade switch
            {
                >= 3 => "V",
                2 => "C",
                _ => "A",
            };

            writer.Quantity(at, center.TemperatureCode, Reported.Round(temperature, 1), "Cel");
            writer.Quantity(at, Codes.HeartRate, Reported.Whole(Reported.Clamp(heartRate, 45, 160)), "/min");
            writer.Quantity(at, Codes.RespiratoryRate, Reported.Whole(Reported.Clamp(respiratoryRate, 9, 40)), "/min");
            writer.Quantity(at, Codes.SystolicBloodPressure, systolic, "mm[Hg]");
            writer.Quantity(at, Codes.DiastolicBloodPressure, diastolic, "mm[Hg]");
            writer.Quantity(at, Codes.SpO2, spo2, "%");
            writer.Coded(at, Codes.Acvpu, acvpu);
            writer.Coded(at, Codes.OxygenDevice, oxygen.Device);
            if (oxygen.FlowLitresPerMinute is { } flow) writer.Quantity(at, Codes.OxygenFlow, flow, "L/min");
            if (oxygen.FiO2Percent is { } fio2) writer.Quantity(at, Codes.FiO2, fio2, "%");
        }
    }

    /// <summary>The first reading of the episode is a fever for certain; later ones mostly, with some dips below 38.0 °C.</summary>
    private static double FeverTemperature(CrsPlan crs, int hour, Random random)
    {
        if (hour == crs.OnsetHour) return random.Uniform(38.1, Math.Max(38.2, crs.PeakCelsius));
        return random.Chance(0.78) ? random.Uniform(38.0, crs.PeakCelsius) : random.Uniform(37.3, 37.9);
    }
}
