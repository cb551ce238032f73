using MathNet.Numerics.Distributions;
using MathNet.Numerics.Integration;

namespace TrialMonitor.Safety.Statistics;

/// <summary>A Beta(a, b) prior.</summary>
public sealed record BetaPrior(double A, double B)
{
    public double Mean => A / (A + B);

    /// <summary>The prior's weight in patients.</summary>
    public double EffectiveSampleSize => A + B;
}

/// <summary>
/// Bayesian beta-binomial toxicity monitoring (Thall &amp; Simon 1994; Thall, Simon &amp; Estey 1995; safety-statistics.md 4.1):
/// with p ~ Beta(a, b) and x events in n patients the posterior is Beta(a + x, b + n − x); stop or pause when
/// P(p &gt; θ0 | x, n) = 1 − I_θ0(a + x, b + n − x) ≥ c.
/// </summary>
public static class BetaBinomialMonitor
{
    /// <summary>P(p &gt; θ0 | x events in n patients).</summary>
    public static double PosteriorExceedance(int events, int patients, double benchmark, BetaPrior prior)
    {
        ArgumentNullException.ThrowIfNull(prior);
        Validate(events, patients);
        if (benchmark is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(benchmark), benchmark, "the benchmark must be strictly between 0 and 1");
        return 1 - Beta.CDF(prior.A + events, prior.B + patients - events, benchmark);
    }

    /// <summary>
    /// The pre-tabulated boundary b(n): the fewest events in n patients at which P(p &gt; θ0) ≥ c, or null when even n of n does not reach it.
    /// P rises with x, so the first x that reaches c is the boundary.
    /// </summary>
    public static int? Boundary(int patients, double benchmark, BetaPrior prior, double threshold)
    {
        for (var events = 0; events <= patients; events++)
        {
            if (PosteriorExceedance(events, patients, benchmark, prior) >= threshold) return events;
        }

        return null;
    }

    /// <summary>
    /// b(n) for n = 1..<paramref name="upTo"/>. One more patient without an event lowers P, so b(n + 1) ≥ b(n): each
    /// search starts at the last boundary found, and the table costs about upTo + b(upTo) evaluations of P rather
    /// than one search from zero per n (at 10,000 patients, seconds of CPU in every trial-wide check).
    /// </summary>
    public static IReadOnlyList<int?> BoundaryTable(int upTo, double benchmark, BetaPrior prior, double threshold)
    {
        var table = new int?[Math.Max(0, upTo)];
        var from = 0;
        for (var patients = 1; patients <= table.Length; patients++)
        {
            for (var events = from; events <= patients; events++)
            {
                if (PosteriorExceedance(events, patients, benchmark, prior) < threshold) continue;
                table[patients - 1] = events;
                from = events;
                break;
            }
        }

        return table;
    }

    /// <summary>
    /// The Thall-Simon-Estey form: P(p_E &gt; p_S + δ | data) = ∫ f_S(s) [1 − F_E(s + δ)] ds, with the historical rate
    /// p_S ~ Beta(a_S, b_S) and the experimental posterior Beta(a_E + x, b_E + n − x), by numerical integration.
    /// </summary>
    public static double ThallSimonEstey(int events, int patients, BetaPrior historical, BetaPrior experimentalPrior, double delta = 0)
    {
        ArgumentNullException.ThrowIfNull(historical);
        ArgumentNullException.ThrowIfNull(experimentalPrior);
        Validate(events, patients);
        var standard = new Beta(historical.A, historical.B);
        var experimental = new Beta(experimentalPrior.A + events, experimentalPrior.B + patients - events);
        double Integrand(double s)
        {
            var shifted = s + delta;
            var survival = shifted >= 1 ? 0 : shifted <= 0 ? 1 : 1 - experimental.CumulativeDistribution(shifted);
            return standard.Density(s) * survival;
        }

        // Over the historical distribution's mass (all but 1e-12 in each tail), so that a concentrated history is not
        // missed by the quadrature; adaptive double-exponential quadrature copes with the ends.
        var from = standard.InverseCumulativeDistribution(1e-12);
        var to = standard.InverseCumulativeDistribution(1 - 1e-12);
        return DoubleExponentialTransformation.Integrate(Integrand, from, to, 1e-10);
    }

    private static void Validate(int events, int patients)
    {
        if (patients < 0) throw new ArgumentOutOfRangeException(nameof(patients), patients, "patients must be 0 or more");
        if (events < 0 || events > patients) throw new ArgumentOutOfRangeException(nameof(events), events, "events must be between 0 and the number of patients");
    }
}
