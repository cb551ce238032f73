using MathNet.Numerics.Distributions;

namespace TrialMonitor.Safety.Statistics;

/// <summary>A proportion with its exact interval.</summary>
public sealed record Proportion(int Events, int Patients, double Estimate, double Lower, double Upper);

/// <summary>
/// The exact binomial (Clopper-Pearson) interval: lower = Beta⁻¹(α/2; x, n − x + 1), upper = Beta⁻¹(1 − α/2; x + 1, n − x);
/// 0 and 1 at the edges, where the upper bound at x = 0 is 1 − (α/2)^(1/n) (safety-statistics.md 4.4).
/// </summary>
public static class ClopperPearson
{
    public static Proportion Interval(int events, int patients, double confidence = 0.95)
    {
        if (patients < 0) throw new ArgumentOutOfRangeException(nameof(patients), patients, "patients must be 0 or more");
        if (events < 0 || events > patients) throw new ArgumentOutOfRangeException(nameof(events), events, "events must be between 0 and the number of patients");
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must be strictly between 0 and 1");
        // No patients: nothing is known, the interval is the whole range.
        if (patients == 0) return new Proportion(0, 0, double.NaN, 0, 1);

        var alpha = 1 - confidence;
        var lower = events == 0 ? 0 : Beta.InvCDF(events, patients - events + 1, alpha / 2);
        var upper = events == patients ? 1 : Beta.InvCDF(events + 1, patients - events, 1 - (alpha / 2));
        return new Proportion(events, patients, (double)events / patients, lower, upper);
    }
}
