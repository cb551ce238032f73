namespace TrialMonitor.Clinical.Observations;

// The value sets of the coded observations in api.md. Wire names are the kebab-case strings of the contract.

public enum OxygenDevice
{
    RoomAir,
    NasalCannula,
    BlowBy,
    HighFlowNasalCannula,
    SimpleMask,
    Venturi,
    NonRebreather,
    Cpap,
    Bipap,
    InvasiveVentilation,
}

[Flags]
public enum Vasopressor
{
    None = 0,
    Norepinephrine = 1,
    Epinephrine = 2,
    Phenylephrine = 4,
    Dopamine = 8,
    Vasopressin = 16,
}

/// <summary>Depressed level of consciousness as graded by ASTCT ICANS.</summary>
public enum Arousal
{
    Spontaneous,
    Voice,
    Tactile,
    Unarousable,
}

/// <summary>Consciousness for NEWS2: Alert, new Confusion, Voice, Pain, Unresponsive.</summary>
public enum Acvpu
{
    Alert,
    Confusion,
    Voice,
    Pain,
    Unresponsive,
}

public enum Seizure
{
    None,
    /// <summary>Clinical seizure that resolved rapidly (or non-convulsive seizure on EEG resolving with intervention).</summary>
    Rapid,
    /// <summary>Life-threatening prolonged seizure (&gt; 5 min) or repetitive seizures without return to baseline.</summary>
    Prolonged,
}

public enum CerebralEdema
{
    None,
    Focal,
    Diffuse,
}

/// <summary>Bleeding, needed to grade IEC-HS (Hines 2023 grading is intervention based).</summary>
public enum Bleeding
{
    None,
    Minor,
    /// <summary>Bleeding that needs transfusion.</summary>
    Major,
    LifeThreatening,
}

public enum TemperatureSite : byte
{
    Unspecified,
    Oral,
    Axillary,
    Rectal,
    Tympanic,
}

/// <summary>Two-way mapping between an enum's members and the contract's wire names.</summary>
internal sealed class ValueSet<TEnum> where TEnum : struct, Enum
{
    private readonly Dictionary<string, TEnum> _byName;
    private readonly Dictionary<TEnum, string> _byValue;

    public ValueSet(params (string Name, TEnum Value)[] members)
    {
        _byName = members.ToDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal);
        _byValue = members.ToDictionary(m => m.Value, m => m.Name);
        Names = members.Select(m => m.Name).ToArray();
    }

    public IReadOnlyList<string> Names { get; }

    public bool TryParse(string name, out TEnum value) => _byName.TryGetValue(name, out value);

    public string NameOf(TEnum value) => _byValue[value];
}

internal static class ValueSets
{
    public static readonly ValueSet<OxygenDevice> OxygenDevices = new(
        ("room-air", OxygenDevice.RoomAir),
        ("nasal-cannula", OxygenDevice.NasalCannula),
        ("blow-by", OxygenDevice.BlowBy),
        ("hfnc", OxygenDevice.HighFlowNasalCannula),
        ("simple-mask", OxygenDevice.SimpleMask),
        ("venturi", OxygenDevice.Venturi),
        ("non-rebreather", OxygenDevice.NonRebreather),
        ("cpap", OxygenDevice.Cpap),
        ("bipap", OxygenDevice.Bipap),
        ("invasive-ventilation", OxygenDevice.InvasiveVentilation));

    public static readonly ValueSet<Vasopressor> Vasopressors = new(
        ("norepinephrine", Vasopressor.Norepinephrine),
        ("epinephrine", Vasopressor.Epinephrine),
        ("phenylephrine", Vasopressor.Phenylephrine),
        ("dopamine", Vasopressor.Dopamine),
        ("vasopressin", Vasopressor.Vasopressin));

    public static readonly ValueSet<Arousal> Arousals = new(
        ("spontaneous", Arousal.Spontaneous),
        ("voice", Arousal.Voice),
        ("tactile", Arousal.Tactile),
        ("unarousable", Arousal.Unarousable));

    public static readonly ValueSet<Acvpu> Acvpus = new(
        ("A", Acvpu.Alert),
        ("C", Acvpu.Confusion),
        ("V", Acvpu.Voice),
        ("P", Acvpu.Pain),
        ("U", Acvpu.Unresponsive));

    public static readonly ValueSet<Seizure> Seizures = new(
        ("none", Seizure.None),
        ("rapid", Seizure.Rapid),
        ("prolonged", Seizure.Prolonged));

    public static readonly ValueSet<CerebralEdema> CerebralEdemas = new(
        ("none", CerebralEdema.None),
        ("focal", CerebralEdema.Focal),
        ("diffuse", CerebralEdema.Diffuse));

    public static readonly ValueSet<Bleeding> Bleedings = new(
        ("none", Bleeding.None),
        ("minor", Bleeding.Minor),
        ("major", Bleeding.Major),
        ("life-threatening", Bleeding.LifeThreatening));
}
