using MathNet.Numerics.Distributions;

namespace TrialMonitor.Safety.Statistics;

public enum GroupSequentialShape
{
    /// <summary>The same critical value c_P at every look.</summary>
    Pocock,
    /// <summary>c_k = c_OBF·√(K/k): strict early, close to the fixed-sample value at the end.</summary>
    OBrienFleming,
}

/// <summary>
/// Group-sequential one-sided boundaries for a safety endpoint at K equally spaced looks (safety-statistics.md 4.3):
/// the constants come from the exact crossing probability of the joint normal Z_1..Z_K, computed by recursive numerical
/// integration (Armitage, McPherson &amp; Rowe 1969), and the events needed to cross at each look from
/// Z = (x − n·p0)/√(n·p0(1 − p0)).
/// </summary>
public static class GroupSequential
{
    // Grid points per look for the recursive integration (Simpson's rule, so odd); 801 gives 1e-7 in the crossing probability.
    private const int GridPoints = 801;
    private const double Tail = 10;

    /// <summary>The critical values c_1..c_K whose total one-sided crossing probability under H0 is α.</summary>
    public static IReadOnlyList<double> CriticalValues(int looks, double oneSidedAlpha, GroupSequentialShape shape)
    {
        if (looks < 1) throw new ArgumentOutOfRangeException(nameof(looks), looks, "at least one look");
        if (oneSidedAlpha is <= 0 or >= 0.5) throw new ArgumentOutOfRangeException(nameof(oneSidedAlpha), oneSidedAlpha, "alpha must be strictly between 0 and 0.5");
        double low = 0, high = 10;
        // The crossing probability falls as the constant rises.
        for (var i = 0; i < 45; i++)
        {
            var middle = (low + high) / 2;
            if (CrossingProbability(Shape(looks, middle, shape)) > oneSidedAlpha) low = middle;
            else high = middle;
        }

        return Shape(looks, (low + high) / 2, shape);
    }

    /// <summary>The probability under H0 of crossing at some look, for critical values on the Z scale at equally spaced looks.</summary>
    public static double CrossingProbability(IReadOnlyList<double> critical)
    {
        ArgumentNullException.ThrowIfNull(critical);
        // S_k, the sum of k independent N(0,1) increments, has Z_k = S_k/√k; track its density below the boundary.
        var grid = Grid(critical[0]);
        var density = grid.Select(s => Normal.PDF(0, 1, s)).ToArray();
        var crossing = 1 - Normal.CDF(0, 1, critical[0]);
        for (var k = 2; k <= critical.Count; k++)
        {
            var bound = critical[k - 1] * Math.Sqrt(k);
            var weights = SimpsonWeights(grid);
            crossing += Integrate(grid, density, weights, u => 1 - Normal.CDF(0, 1, bound - u));
            var next = Grid(bound, Math.Sqrt(k));
            var nextDensity = new double[next.Length];
            for (var j = 0; j < next.Length; j++)
            {
                var s = next[j];
                nextDensity[j] = Integrate(grid, density, weights, u => Normal.PDF(0, 1, s - u));
            }

            grid = next;
            density = nextDensity;
        }

        return crossing;
    }

    /// <summary>The fewest events in n patients with Z ≥ c against benchmark p0.</summary>
    public static int MinimumEvents(int patients, double benchmark, double critical)
    {
        var events = (int)Math.Ceiling((patients * benchmark) + (critical * Math.Sqrt(patients * benchmark * (1 - benchmark))) - 1e-12);
        return Math.Max(events, 0);
    }

    public static double ZStatistic(int events, int patients, double benchmark) =>
        (events - (patients * benchmark)) / Math.Sqrt(patients * benchmark * (1 - benchmark));

    private static double[] Shape(int looks, double constant, GroupSequentialShape shape) =>
        Enumerable.Range(1, looks).Select(k => shape == GroupSequentialShape.Pocock ? constant : constant * Math.Sqrt((double)looks / k)).ToArray();

    private static double[] Grid(double upper, double scale = 1)
    {
        var lower = -Tail * scale;
        var step = (upper - lower) / (GridPoints - 1);
        return Enumerable.Range(0, GridPoints).Select(i => lower + (i * step)).ToArray();
    }

    private static double[] SimpsonWeights(double[] grid)
    {
        var step = grid[1] - grid[0];
        var weights = new double[grid.Length];
        for (var i = 0; i < grid.Length; i++)
            weights[i] = step / 3 * (i == 0 || i == grid.Length - 1 ? 1 : i % 2 == 1 ? 4 : 2);
        return weights;
    }

    private static double Integrate(double[] grid, double[] density, double[] weights, Func<double, double> kernel)
    {
        var sum = 0.0;
        for (var i = 0; i < grid.Length; i++) sum += weights[i] * density[i] * kernel(grid[i]);
        return sum;
    }
}
