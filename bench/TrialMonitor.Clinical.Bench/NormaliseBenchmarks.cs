using BenchmarkDotNet.Attributes;
using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Bench;

/// <summary>Checking and converting one submitted observation (rules.md 9).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class NormaliseBenchmarks
{
    private static readonly DateTimeOffset At = PatientHistory.InfusionAt.AddDays(3);
    private readonly ObservationInput _temperatureInFahrenheit = new("n-1", "8310-5", ObservationValue.Of(101.3m), "[degF]", At);
    private readonly ObservationInput _neutrophilsPerMicrolitre = new("n-2", "751-8", ObservationValue.Of(450m), "/uL", At);
    private readonly ObservationInput _outsideHardLimits = new("n-3", "8310-5", ObservationValue.Of(98.9m), "Cel", At);

    [Benchmark]
    public NormalisationResult TemperatureInFahrenheit() => ObservationNormaliser.Default.Normalise(_temperatureInFahrenheit, At, PatientHistory.InfusionAt);

    [Benchmark]
    public NormalisationResult NeutrophilsPerMicrolitre() => ObservationNormaliser.Default.Normalise(_neutrophilsPerMicrolitre, At, PatientHistory.InfusionAt);

    [Benchmark]
    public NormalisationResult RejectedOutsideHardLimits() => ObservationNormaliser.Default.Normalise(_outsideHardLimits, At, PatientHistory.InfusionAt);
}
