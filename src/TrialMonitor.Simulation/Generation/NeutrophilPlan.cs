namespace TrialMonitor.Simulation.Generation;

/// <summary>
/// The absolute neutrophil count (× 10⁹/L) at each laboratory day: the baseline before lymphodepletion, a fall
/// to the nadir on <see cref="NadirDay"/> (days 3–10), a plateau of <see cref="PlateauDays"/> more days, then
/// recovery. Every value outside the plateau is clearly above it, so the lowest count lies on days 3–10.
/// </summary>
internal sealed record NeutrophilPlan(int NadirDay, int PlateauDays, IReadOnlyDictionary<int, double> ByDay)
{
    public const int LatestNadirDay = 10;

    public static NeutrophilPlan Create(Random random)
    {
        var baseline = random.Uniform(2.5, 6.5);
        var nadirDay = random.Pick<int>([(3, 0.06), (4, 0.10), (5, 0.15), (6, 0.18), (7, 0.18), (8, 0.14), (9, 0.11), (10, 0.08)]);
        var plateauDays = Math.Min(random.Next(0, 3), LatestNadirDay - nadirDay);
        var nadir = random.Pick<(double Min, double Max)>([((0.02, 0.1), 0.3), ((0.1, 0.5), 0.4), ((0.5, 1.3), 0.3)]);
        var lowest = random.Uniform(nadir.Min, nadir.Max);
        var afterLymphodepletion = baseline * random.Uniform(0.75, 0.95);
        var recoveryRate = random.Uniform(1.35, 1.9);
        var recoveredLevel = baseline * random.Uniform(0.7, 1.0);

        var byDay = new SortedDictionary<int, double>();
        var plateauEnd = nadirDay + plateauDays;
        var plateau = new List<double>();
        for (var day = nadirDay; day <= plateauEnd; day++)
        {
            var value = lowest * random.Uniform(1.0, 1.12);
            byDay[day] = value;
            plateau.Add(value);
        }

        var plateauHigh = plateau.Max();
        var floor = Math.Max(plateauHigh * 1.3, plateauHigh + 0.06);
        foreach (var day in CourseSchedule.LabDays)
        {
            if (day >= nadirDay && day <= plateauEnd) continue;
            double value;
            if (day < -1) value = baseline;
            else if (day < nadirDay)
            {
                // The count holds for a few days after lymphodepletion (day −1), then falls steeply to the nadir.
                var fraction = Math.Pow((day + 1.0) / (nadirDay + 1.0), 5);
                value = Math.Exp(Math.Log(afterLymphodepletion) + (fraction * (Math.Log(lowest) - Math.Log(afterLymphodepletion))));
            }
            else value = Math.Min(recoveredLevel, plateauHigh * Math.Pow(recoveryRate, day - plateauEnd));

            byDay[day] = Math.Max(value * random.Uniform(0.95, 1.05), floor);
        }

        return new NeutrophilPlan(nadirDay, plateauDays, byDay);
    }
}
