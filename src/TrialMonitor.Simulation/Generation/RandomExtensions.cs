namespace TrialMonitor.Simulation.Generation;

/// <summary>The few distributions the trajectories need, on a seeded <see cref="Random"/>.</summary>
internal static class RandomExtensions
{
    public static double Uniform(this Random random, double min, double max) => min + ((max - min) * random.NextDouble());

    /// <summary>Box–Muller; one normal deviate per call keeps the stream simple to reason about.</summary>
    public static double Normal(this Random random, double mean, double standardDeviation)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (standardDeviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    public static T Pick<T>(this Random random, IReadOnlyList<(T Value, double Weight)> choices)
    {
        var total = choices.Sum(c => c.Weight);
        var roll = random.NextDouble() * total;
        foreach (var (value, weight) in choices)
        {
            if (roll < weight) return value;
            roll -= weight;
        }

        return choices[^1].Value;
    }
}
