namespace TrialMonitor.Clinical.Observations;

/// <summary>The clinical quantity an observation measures, independent of the code and unit it was sent with.</summary>
public enum Parameter : byte
{
    Temperature,
    HeartRate,
    RespiratoryRate,
    SystolicBloodPressure,
    DiastolicBloodPressure,
    OxygenSaturation,
    OxygenFlow,
    InspiredOxygenFraction,
    OxygenDevice,
    Vasopressors,
    FluidBolus,
    Medication,
    IceScore,
    CapdScore,
    Arousal,
    Acvpu,
    GlasgowComaScale,
    Seizure,
    MotorWeakness,
    CerebralEdema,
    Bleeding,
    Dialysis,
    NeutrophilCount,
    Platelets,
    Haemoglobin,
    CReactiveProtein,
    Ferritin,
    LactateDehydrogenase,
    Creatinine,
    Fibrinogen,
    AlanineAminotransferase,
    AspartateAminotransferase,
    Interleukin6,
}

internal static class ParameterCount
{
    public const int Value = (int)Parameter.Interleukin6 + 1;
}
