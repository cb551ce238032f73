namespace TrialMonitor.Simulation.Generation;

/// <summary>
/// The morning laboratory panel (ANC, platelets, haemoglobin, CRP, ferritin, LDH, creatinine) at each
/// laboratory day, in the units of the patient's center. CRP, ferritin and LDH rise with CRS and fall after it
/// (faster after tocilizumab); the counts dip after lymphodepletion.
/// </summary>
internal static class LabWriter
{
    public static void Write(CourseWriter writer, CourseSchedule schedule, CenterConventions center, PatientScenario scenario, Random random)
    {
        var aiha = writer.Patient.Indication == Indications.Aiha;
        var sle = writer.Patient.Indication == Indications.Sle;
        var platelets0 = aiha ? random.Uniform(120, 300) : random.Uniform(150, 380);
        var plateletDip = random.Uniform(0.1, 0.45);
        var plateletDipDay = random.Uniform(5, 10);
        var haemoglobin0 = aiha ? random.Uniform(8.5, 11.0) : random.Uniform(10.8, 14.5);
        var haemoglobinDrop = random.Uniform(0.3, 1.3);
        var crp0 = random.Uniform(1, 8);
        var crpBump = random.Uniform(3, 15);
        var ferritin0 = random.Uniform(60, 450);
        var ldh0 = random.Uniform(150, 250);
        var creatinine0 = sle ? random.Uniform(0.6, 1.3) : random.Uniform(0.55, 1.05);

        var crs = scenario.Crs;
        var grade = crs?.Grade ?? 0;
        var crpPeak = grade switch
        {
            1 => random.Uniform(40, 110),
            2 => random.Uniform(80, 180),
            3 => random.Uniform(150, 280),
            _ => 0,
        };
        var ferritinRise = grade switch
        {
            1 => random.Uniform(0.2, 0.7),
            2 => random.Uniform(0.4, 1.0),
            3 => random.Uniform(0.8, 1.6),
            _ => 0,
        };
        var ldhRise = grade == 0 ? 0 : random.Uniform(0.1, 0.5);
        var creatinineRise = grade >= 3 ? random.Uniform(0.2, 0.5) : 0;
        var crpDecay = crs?.TocilizumabHour is null ? 36.0 : 20.0;

        foreach (var day in CourseSchedule.LabDays)
        {
            var at = schedule.LabDraw(day);
            var hour = (day * 24) + 20.0;
            var sinceOnset = crs is null ? double.NegativeInfinity : hour - crs.OnsetHour;
            var recovering = day < -1 ? 0 : Math.Min(1, (day + 1) / 7.0) * (day > 14 ? 0.5 : 1);

            var anc = scenario.Neutrophils.ByDay[day];
            var platelets = platelets0 * (day < -1 ? 1 : 1 - (plateletDip * Math.Exp(-Math.Pow((day - plateletDipDay) / 3.5, 2)))) * Noise(random);
            var haemoglobin = (haemoglobin0 - (haemoglobinDrop * recovering)) * Noise(random, 0.02);
            var crp = (crp0 + (crpPeak * Pulse(sinceOnset, 24, crpDecay)) + (day < -1 ? 0 : crpBump * Math.Exp(-Math.Pow((hour - 48) / 30, 2)))) * Noise(random);
            var ferritin = ferritin0 * (1 + (ferritinRise * Pulse(sinceOnset, 48, 96))) * Noise(random);
            var ldh = ldh0 * (1 + (ldhRise * Pulse(sinceOnset, 24, 60))) * Noise(random);
            var creatinine = creatinine0 * (1 + (creatinineRise * Pulse(sinceOnset, 36, 72))) * Noise(random, 0.03);

            Cells(writer, at, Codes.Neutrophils, anc, center.NeutrophilUnit, decimals: 2);
            Cells(writer, at, Codes.Platelets, platelets, center.PlateletUnit, decimals: 0);
            if (center.HaemoglobinUnit == "g/L") writer.Quantity(at, Codes.Haemoglobin, Reported.Whole(haemoglobin * 10), "g/L");
            else writer.Quantity(at, Codes.Haemoglobin, Reported.Round(haemoglobin, 1), "g/dL");
            if (center.CrpUnit == "mg/dL") writer.Quantity(at, Codes.Crp, Reported.Round(crp / 10, 2), "mg/dL");
            else writer.Quantity(at, Codes.Crp, Reported.Round(crp, 1), "mg/L");
            writer.Quantity(at, Codes.Ferritin, Reported.Whole(ferritin), center.FerritinUnit);
            writer.Quantity(at, Codes.Ldh, Reported.Whole(ldh), "U/L");
            if (center.CreatinineUnit == "mg/dL") writer.Quantity(at, center.CreatinineCode, Reported.Round(creatinine, 2), "mg/dL");
            else writer.Quantity(at, center.CreatinineCode, Reported.Whole(creatinine * 88.42), "umol/L");
        }
    }

    /// <summary>A count in × 10⁹/L written in the center's unit: the same number for 10*3/uL, × 1000 for /uL.</summary>
    private static void Cells(CourseWriter writer, DateTimeOffset at, string code, double perNanolitre, string unit, int decimals)
    {
        var value = unit == "/uL" ? Reported.Round(perNanolitre * 1000, 0) : Reported.Round(perNanolitre, decimals);
        writer.Quantity(at, code, value, unit);
    }

    /// <summary>0 before onset, a linear rise to 1 over <paramref name="rise"/> hours, then exponential decay.</summary>
    private static double Pulse(double hoursSinceOnset, double rise, double decay) =>
        hoursSinceOnset <= 0 ? 0 : hoursSinceOnset < rise ? hoursSinceOnset / rise : Math.Exp(-(hoursSinceOnset - rise) / decay);

    private static double Noise(Random random, double spread = 0.04) => random.Uniform(1 - spread, 1 + spread);
}
