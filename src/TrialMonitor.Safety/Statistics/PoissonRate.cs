using MathNet.Numerics.Distributions;

namespace TrialMonitor.Safety.Statistics;

/// <summary>An exposure-adjusted incidence rate per 100 patient-years with its exact interval.</summary>
public sealed record IncidenceRate(int Events, double PatientYears, double PerHundredPatientYears, double Lower, double Upper, double ExpectedLower, double ExpectedUpper);

/// <summary>
/// Exposure-adjusted incidence rates (EAIR = x / ΣT) with the exact Poisson interval [χ²_{α/2}(2x)/2, χ²_{1−α/2}(2x+2)/2] / ΣT,
/// computed as Gamma(x) and Gamma(x + 1) quantiles (safety-statistics.md 4.5). Assumes a constant hazard.
/// </summary>
public static class PoissonRate
{
    private const double PerHundred = 100;

    public static IncidenceRate Rate(int events, double patientYears, double confidence = 0.95)
    {
        if (events < 0) throw new ArgumentOutOfRangeException(nameof(events), events, "events must be 0 or more");
        if (patientYears < 0 || double.IsNaN(patientYears)) throw new ArgumentOutOfRangeException(nameof(patientYears), patientYears, "exposure must be 0 or more");
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must be strictly between 0 and 1");
        var alpha = 1 - confidence;
        // Bounds on the expected count; the lower one is 0 when nothing happened.
        var expectedLower = events == 0 ? 0 : Gamma.InvCDF(events, 1, alpha / 2);
        var expectedUpper = Gamma.InvCDF(events + 1, 1, 1 - (alpha / 2));
        if (patientYears == 0) return new IncidenceRate(events, 0, double.NaN, 0, double.PositiveInfinity, expectedLower, expectedUpper);
        return new IncidenceRate(events, patientYears, PerHundred * events / patientYears,
            PerHundred * expectedLower / patientYears, PerHundred * expectedUpper / patientYears, expectedLower, expectedUpper);
    }

    /// <summary>
    /// One-sided exact conditional test that group A's rate exceeds group B's: given the total x_A + x_B, under equal rates
    /// X_A ~ Bin(total, T_A / (T_A + T_B)); the p-value is P(X_A ≥ x_A) (safety-statistics.md 4.5 "Site comparison").
    /// </summary>
    public static double CompareOneSided(int eventsA, double yearsA, int eventsB, double yearsB)
    {
        if (eventsA < 0 || eventsB < 0) throw new ArgumentOutOfRangeException(nameof(eventsA), "event counts must be 0 or more");
        if (yearsA <= 0 || yearsB <= 0) throw new ArgumentOutOfRangeException(nameof(yearsA), "both exposures must be positive");
        var total = eventsA + eventsB;
        if (eventsA == 0) return 1;
        var share = yearsA / (yearsA + yearsB);
        // P(X ≥ x) = 1 − P(X ≤ x − 1).
        return 1 - Binomial.CDF(share, total, eventsA - 1);
    }
}
