using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Bench;

/// <summary>
/// A synthetic post-infusion course: hourly vital signs (temperature, heart rate, respiratory rate, blood pressure,
/// SpO2) and daily labs (ANC, platelets, haemoglobin, CRP, ferritin, LDH, creatinine), all through the real normaliser.
/// The values wander deterministically so that fever, hypotension and neutropenia rules all do work.
/// </summary>
public static class PatientHistory
{
    public static DateTimeOffset InfusionAt { get; } = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private static readonly (string Code, string Unit, Func<int, decimal> Value)[] HourlyVitals =
    [
        ("8310-5", "Cel", h => 36.8m + (h % 24 < 4 ? 1.6m : 0m) + (h % 7) / 10m),
        ("8867-4", "/min", h => 80 + (h % 30)),
        ("9279-1", "/min", h => 14 + (h % 9)),
        ("8480-6", "mm[Hg]", h => 95 + (h % 35)),
        ("8462-4", "mm[Hg]", h => 55 + (h % 20)),
        ("59408-5", "%", h => 92 + (h % 8)),
    ];

    private static readonly (string Code, string Unit, Func<int, decimal> Value)[] DailyLabs =
    [
        ("751-8", "/uL", d => d is >= 3 and <= 12 ? 200 + 30 * d : 1800),
        ("777-3", "10*9/L", d => 60 + 5 * d),
        ("718-7", "g/dL", d => 9.5m + d % 3),
        ("1988-5", "mg/L", d => 10 + 7 * (d % 6)),
        ("2276-4", "ng/mL", d => 400 + 50 * (d % 10)),
        ("2532-0", "U/L", d => 250 + 10 * (d % 5)),
        ("2160-0", "mg/dL", d => 0.8m + (d % 4) / 10m),
    ];

    public static int ObservationsPerDay => 24 * HourlyVitals.Length + DailyLabs.Length;

    /// <summary>Every observation of the first <paramref name="days"/> days, in effective-time order.</summary>
    public static List<Observation> Days(int days)
    {
        var all = new List<Observation>(days * ObservationsPerDay);
        for (var hour = 0; hour < days * 24; hour++)
        {
            var at = InfusionAt.AddHours(hour);
            if (hour % 24 == 0)
            {
                foreach (var (code, unit, value) in DailyLabs) all.Add(Accept($"lab-{hour}-{code}", code, value(hour / 24), unit, at));
            }

            foreach (var (code, unit, value) in HourlyVitals) all.Add(Accept($"vital-{hour}-{code}", code, value(hour), unit, at));
        }

        return all;
    }

    public static Observation Accept(string id, string code, decimal value, string unit, DateTimeOffset at)
    {
        var result = ObservationNormaliser.Default.Normalise(new ObservationInput(id, code, ObservationValue.Of(value), unit, at), at, InfusionAt);
        return result.Observation ?? throw new InvalidOperationException($"benchmark observation {id} was rejected: {result.Rejection}");
    }
}
