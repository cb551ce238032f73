namespace TrialMonitor.Simulation.Generation;

/// <summary>The observation codes of the contract (api.md "Codes") that the simulation sends.</summary>
internal static class Codes
{
    public const string TemperatureUnspecified = "8310-5";
    public const string TemperatureOral = "8331-1";
    public const string TemperatureAxillary = "8328-7";
    public const string TemperatureTympanic = "8333-7";
    public const string HeartRate = "8867-4";
    public const string RespiratoryRate = "9279-1";
    public const string SystolicBloodPressure = "8480-6";
    public const string DiastolicBloodPressure = "8462-4";
    public const string SpO2 = "59408-5";
    public const string OxygenFlow = "3151-8";
    public const string FiO2 = "3150-0";
    public const string Neutrophils = "751-8";
    public const string Platelets = "777-3";
    public const string Haemoglobin = "718-7";
    public const string Crp = "1988-5";
    public const string Ferritin = "2276-4";
    public const string Ldh = "2532-0";
    public const string CreatinineMass = "2160-0";
    public const string CreatinineMoles = "14682-9";
    public const string OxygenDevice = "tm:o2-device";
    public const string Vasopressors = "tm:vasopressors";
    public const string FluidBolus = "tm:fluid-bolus";
    public const string Medication = "tm:medication";
    public const string IceScore = "tm:ice-score";
    public const string Arousal = "tm:arousal";
    public const string Acvpu = "tm:acvpu";
}

/// <summary>Coded values of the contract's value sets that the simulation sends.</summary>
internal static class Coded
{
    public const string RoomAir = "room-air";
    public const string NasalCannula = "nasal-cannula";
    public const string HighFlowNasalCannula = "hfnc";
    public const string Norepinephrine = "norepinephrine";
    public const string Tocilizumab = "tocilizumab";
    public const string Dexamethasone = "dexamethasone";
    public const string Paracetamol = "paracetamol";
    public const string Spontaneous = "spontaneous";
    public const string Voice = "voice";
    public const string Tactile = "tactile";
}
