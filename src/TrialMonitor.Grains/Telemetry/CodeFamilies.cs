using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Grains.Telemetry;

/// <summary>
/// The metric label for an observation code: one of a handful of families, never the code itself, so that a sender
/// posting made-up codes cannot grow the number of series.
/// </summary>
public static class CodeFamilies
{
    public const string VitalSigns = "vital-signs";
    public const string Neurological = "neurological";
    public const string Treatment = "treatment";
    public const string Laboratory = "laboratory";
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> All = [VitalSigns, Neurological, Treatment, Laboratory, Unknown];

    public static string Of(string? code) =>
        code is not null && ObservationCatalog.Default.TryGet(code, out var definition) ? Of(definition.Parameter) : Unknown;

    public static string Of(Parameter parameter) => parameter switch
    {
        Parameter.Temperature or Parameter.HeartRate or Parameter.RespiratoryRate or Parameter.SystolicBloodPressure
            or Parameter.DiastolicBloodPressure or Parameter.OxygenSaturation or Parameter.OxygenFlow
            or Parameter.InspiredOxygenFraction or Parameter.OxygenDevice => VitalSigns,
        Parameter.IceScore or Parameter.CapdScore or Parameter.Arousal or Parameter.Acvpu or Parameter.GlasgowComaScale
            or Parameter.Seizure or Parameter.MotorWeakness or Parameter.CerebralEdema => Neurological,
        Parameter.Vasopressors or Parameter.FluidBolus or Parameter.Medication or Parameter.Bleeding or Parameter.Dialysis => Treatment,
        _ => Laboratory,
    };
}
