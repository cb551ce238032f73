using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Readings;

/// <summary>How a reading is worded in an alert reason ("norepinephrine running; nasal cannula 3 L/min").</summary>
public static class ReadingText
{
    private static readonly Dictionary<string, string> UnitsAsWritten = new(StringComparer.Ordinal)
    {
        ["Cel"] = "°C",
        ["[degF]"] = "°F",
        ["mm[Hg]"] = "mmHg",
        ["/uL"] = "/µL",
        ["/mm3"] = "/mm³",
        ["10*9/L"] = "×10⁹/L",
        ["10*3/uL"] = "×10³/µL",
        ["ug/L"] = "µg/L",
        ["umol/L"] = "µmol/L",
        ["ukat/L"] = "µkat/L",
        ["1"] = "(fraction)",
    };

    public static string Describe(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return observation.Parameter switch
        {
            Parameter.OxygenDevice => DeviceName(observation.Device),
            Parameter.Vasopressors => observation.Vasopressors == Vasopressor.None
                ? "no vasopressor running"
                : $"{observation.ConceptName} running",
            Parameter.Medication => $"{observation.ConceptName} given",
            Parameter.FluidBolus => $"fluid bolus {Quantity(observation)}",
            Parameter.OxygenFlow => $"oxygen {Quantity(observation)}",
            Parameter.IceScore => $"ICE score {Numbers.Format(observation.Quantity)}/10",
            Parameter.CapdScore => $"CAPD score {Numbers.Format(observation.Quantity)}",
            Parameter.GlasgowComaScale => $"GCS {Numbers.Format(observation.Quantity)}",
            Parameter.Arousal => observation.Arousal switch
            {
                Arousal.Spontaneous => "awakens spontaneously",
                Arousal.Voice => "awakens only to voice",
                Arousal.Tactile => "awakens only to touch",
                _ => "unarousable",
            },
            Parameter.Acvpu => $"ACVPU {observation.ConceptName}",
            Parameter.Seizure => observation.Seizure switch
            {
                Seizure.None => "no seizure",
                Seizure.Rapid => "seizure, resolved rapidly",
                _ => "prolonged or repetitive seizure",
            },
            Parameter.MotorWeakness => observation.IsTrue ? "deep focal motor weakness" : "no focal motor weakness",
            Parameter.CerebralEdema => observation.CerebralEdema switch
            {
                CerebralEdema.None => "no cerebral oedema on imaging",
                CerebralEdema.Focal => "focal cerebral oedema on imaging",
                _ => "diffuse cerebral oedema on imaging",
            },
            Parameter.Bleeding => $"bleeding: {observation.ConceptName}",
            Parameter.Dialysis => observation.IsTrue ? "on dialysis" : "not on dialysis",
            Parameter.NeutrophilCount => $"ANC {Numbers.Format(observation.Quantity * 1000m, 0)}/µL",
            _ => $"{Label(observation)} {Quantity(observation)}",
        };
    }

    public static string DeviceName(OxygenDevice device) => device switch
    {
        OxygenDevice.RoomAir => "room air",
        OxygenDevice.NasalCannula => "nasal cannula",
        OxygenDevice.BlowBy => "blow-by oxygen",
        OxygenDevice.HighFlowNasalCannula => "high-flow nasal cannula",
        OxygenDevice.SimpleMask => "simple face mask",
        OxygenDevice.Venturi => "Venturi mask",
        OxygenDevice.NonRebreather => "non-rebreather mask",
        OxygenDevice.Cpap => "CPAP",
        OxygenDevice.Bipap => "BiPAP",
        _ => "invasive ventilation",
    };

    /// <summary>Joins readings into one reason, writing a device and the flow measured on it as one phrase.</summary>
    public static string Compose(IEnumerable<Reading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var parts = new List<string>();
        Reading? device = null;
        foreach (var reading in readings)
        {
            if (reading.Parameter == Parameter.OxygenFlow && device is not null)
            {
                parts[^1] = $"{device.Text} {Numbers.Format(reading.Value ?? 0)} {AsWritten(reading.Unit)}";
                device = null;
                continue;
            }

            device = reading.Parameter == Parameter.OxygenDevice ? reading : null;
            parts.Add(reading.Text);
        }

        return string.Join("; ", parts);
    }

    private static string Label(Observation observation) =>
        ObservationCatalog.Default.TryGet(observation.Code, out var definition) ? definition.Label : observation.Code;

    private static string Quantity(Observation observation)
    {
        var reported = $"{Numbers.Format(observation.ReportedQuantity)} {AsWritten(observation.ReportedUnit)}";
        return ObservationCatalog.Default.TryGet(observation.Code, out var definition) && definition.CanonicalUnit != observation.ReportedUnit
            ? $"{reported} ({Numbers.Format(observation.Quantity, 1)} {definition.DisplayUnit})"
            : reported;
    }

    private static string AsWritten(string? unit) =>
        unit is null ? "" : UnitsAsWritten.TryGetValue(unit, out var written) ? written : unit;
}
