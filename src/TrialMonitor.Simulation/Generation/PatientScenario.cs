namespace TrialMonitor.Simulation.Generation;

/// <summary>A patient's usual vital signs, around which each round varies.</summary>
internal sealed record VitalBaseline(double Temperature, double HeartRate, double RespiratoryRate, double Systolic, double SpO2);

/// <summary>
/// Everything that will happen to one patient, decided up front from the patient's seed: the course is then
/// written from it. Rates follow the CAR-T in autoimmune disease experience (rules.md 11): CRS in about
/// 70 %, mostly grade 1, onset on days 1–7; grade 3 rare; ICANS in a few percent; neutropenia in nearly all.
/// </summary>
internal sealed record PatientScenario(VitalBaseline Vitals, CrsPlan? Crs, IcansPlan? Icans, NeutrophilPlan Neutrophils)
{
    public const double CrsProbability = 0.72;
    public const double IcansProbabilityWithCrs = 0.07;

    public static PatientScenario Plan(SimulatedPatient patient, Random random)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var vitals = new VitalBaseline(
            random.Uniform(36.4, 36.9),
            random.Uniform(62, 88),
            random.Uniform(12, 17),
            random.Uniform(110, 138),
            random.Uniform(95.5, 98.5));
        var crs = random.Chance(CrsProbability) ? PlanCrs(random) : null;
        var icans = crs is not null && random.Chance(IcansProbabilityWithCrs) ? PlanIcans(crs, random) : null;
        return new PatientScenario(vitals, crs, icans, NeutrophilPlan.Create(random));
    }

    private static CrsPlan PlanCrs(Random random)
    {
        var onsetDay = random.Pick<int>([(1, 0.34), (2, 0.30), (3, 0.15), (4, 0.08), (5, 0.06), (6, 0.04), (7, 0.03)]);
        var onsetHour = (onsetDay * 24) + random.Next(0, 24);
        var grade = random.Pick<int>([(1, 0.68), (2, 0.27), (3, 0.05)]);
        var feverHours = grade == 1 ? random.Next(10, 61) : random.Next(18, 97);
        var peak = grade switch
        {
            1 => random.Uniform(38.3, 39.4),
            2 => random.Uniform(38.6, 39.8),
            _ => random.Uniform(39.0, 40.3),
        };
        var support = grade switch
        {
            1 => CrsSupport.None,
            2 => random.Chance(0.6) ? CrsSupport.FluidBolus : CrsSupport.LowFlowOxygen,
            _ => random.Chance(0.5) ? CrsSupport.Vasopressor : CrsSupport.HighFlowOxygen,
        };

        var feverEnd = onsetHour + feverHours;
        var supportHour = support == CrsSupport.None ? onsetHour : onsetHour + random.Next(2, Math.Min(feverHours, 30));
        var (supportEnd, highFlowEnd) = support switch
        {
            CrsSupport.FluidBolus => (supportHour + 2, supportHour),
            CrsSupport.LowFlowOxygen => (supportHour + 1 + random.Next(6, 37), supportHour),
            CrsSupport.Vasopressor => (supportHour + 2 + random.Next(8, 31), supportHour),
            CrsSupport.HighFlowOxygen => PlanHighFlow(supportHour, random),
            _ => (supportHour, supportHour),
        };

        int? tocilizumab = grade switch
        {
            3 => supportHour + 1,
            2 when random.Chance(0.6) => supportHour + 1,
            1 when feverHours > 48 && random.Chance(0.5) => onsetHour + 48,
            _ => null,
        };
        if (tocilizumab is { } given) feverEnd = Math.Min(feverEnd, given + random.Next(2, 9));

        return new CrsPlan(
            grade,
            onsetHour,
            feverEnd,
            peak,
            support,
            supportHour,
            supportEnd,
            highFlowEnd,
            LowFlow: random.Next(1, 5),
            HighFlow: random.Next(30, 51),
            HighFlowFiO2: random.Next(8, 13) * 5,
            tocilizumab,
            Dexamethasone: grade >= 3);
    }

    private static (int End, int HighFlowEnd) PlanHighFlow(int supportHour, Random random)
    {
        var highFlowEnd = supportHour + 2 + random.Next(12, 49);
        return (highFlowEnd + random.Next(6, 25), highFlowEnd);
    }

    private static IcansPlan PlanIcans(CrsPlan crs, Random random)
    {
        var onsetHour = crs.OnsetHour + random.Next(24, 97);
        // The first check at or after the onset hour (slot s is at hour 3 + 4s), leaving room for the episode before day 15.
        var onsetSlot = Math.Min(onsetHour / 4, CourseSchedule.LastNeuroSlot - 20);
        var grade = random.Pick<int>([(1, 0.5), (2, 0.38), (3, 0.12)]);
        var slots = random.Next(3, 19);
        return new IcansPlan(grade, onsetSlot, onsetSlot + slots);
    }
}
