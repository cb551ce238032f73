namespace TrialMonitor.Clinical.Observations;

/// <summary>
/// Every observation code of the contract (api.md) with its UCUM units, conversions and plausibility
/// limits. Units and conversions are rules.md section 9; the limits there are engineering proposals [P]
/// that a trial may replace by building its own catalog.
/// </summary>
public sealed class ObservationCatalog
{
    private readonly Dictionary<string, ObservationDefinition> _byCode;

    public ObservationCatalog(IEnumerable<ObservationDefinition> definitions)
    {
        _byCode = definitions.ToDictionary(d => d.Code, StringComparer.Ordinal);
    }

    public static ObservationCatalog Default { get; } = new(DefaultDefinitions());

    public IReadOnlyCollection<ObservationDefinition> Definitions => _byCode.Values;

    public bool TryGet(string code, out ObservationDefinition definition) => _byCode.TryGetValue(code, out definition!);

    public ObservationDefinition this[string code] => _byCode[code];

    private static IEnumerable<ObservationDefinition> DefaultDefinitions()
    {
        // Temperature: rules.md 9.1; °C = (°F − 32) × 5/9; reject < 25 or > 45 °C, flag < 34 or > 42 °C.
        foreach (var (code, site, label) in new[]
                 {
                     ("8310-5", TemperatureSite.Unspecified, "temperature"),
                     ("8331-1", TemperatureSite.Oral, "oral temperature"),
                     ("8328-7", TemperatureSite.Axillary, "axillary temperature"),
                     ("8332-9", TemperatureSite.Rectal, "rectal temperature"),
                     ("8333-7", TemperatureSite.Tympanic, "tympanic temperature"),
                 })
        {
            yield return Quantity(code, Parameter.Temperature, label, "Cel", "°C", Range(25, 45), Range(34, 42),
                new UnitConversion("[degF]", Multiplier: 5, Divisor: 9, Offset: -32)) with { TemperatureSite = site };
        }

        // Vital signs: rules.md 9.1.
        yield return Quantity("8867-4", Parameter.HeartRate, "heart rate", "/min", "/min", Range(0, 300), Range(30, 200));
        yield return Quantity("9279-1", Parameter.RespiratoryRate, "respiratory rate", "/min", "/min", Range(0, 80), Range(6, 50));
        // kPa × 7.5006 = mmHg (rules.md 9.1); the same physical unit is accepted for the diastolic row.
        var kilopascal = new UnitConversion("kPa", Multiplier: 7.5006m);
        yield return Quantity("8480-6", Parameter.SystolicBloodPressure, "systolic BP", "mm[Hg]", "mmHg", Range(30, 300), Range(60, 250), kilopascal);
        yield return Quantity("8462-4", Parameter.DiastolicBloodPressure, "diastolic BP", "mm[Hg]", "mmHg", Range(10, 200), null, kilopascal);
        // SpO2 < 70 % is flagged, never discarded: real severe hypoxaemia must not be lost (rules.md 9.1).
        // An explicit fraction (UCUM "1") is × 100; a bare number is never guessed to be a fraction.
        var fraction = new UnitConversion("1", Multiplier: 100);
        yield return Quantity("59408-5", Parameter.OxygenSaturation, "SpO2", "%", "%", Range(0, 100), Range(70, null), fraction);
        yield return Quantity("3151-8", Parameter.OxygenFlow, "oxygen flow", "L/min", "L/min", Range(0, 80), Range(null, 60));
        yield return Quantity("3150-0", Parameter.InspiredOxygenFraction, "FiO2", "%", "%", Range(21, 100), null, fraction);

        // Bedside coded observations (api.md).
        yield return Coded("tm:o2-device", Parameter.OxygenDevice, "oxygen device", ValueSets.OxygenDevices);
        yield return Coded("tm:vasopressors", Parameter.Vasopressors, "vasopressors", ValueSets.Vasopressors) with { Kind = ValueKind.CodedList };
        // A bolus of nothing or of more than 10 L is an entry error [P].
        yield return Quantity("tm:fluid-bolus", Parameter.FluidBolus, "fluid bolus", "mL", "mL", Range(1, 10_000), null,
            new UnitConversion("L", Multiplier: 1000));
        yield return new ObservationDefinition
        {
            Code = "tm:medication", Parameter = Parameter.Medication, Label = "medication", Kind = ValueKind.Medication,
            AllowedValues = Medications.KnownNames.Order(StringComparer.Ordinal).ToArray(),
        };

        // Neurological: ICE 0–10 (rules.md 2.1, 9.1), CAPD 0–32 (rules.md 2.3, 9.1), GCS 3–15 (rules.md 9.1).
        yield return Score("tm:ice-score", Parameter.IceScore, "ICE score", 0, 10);
        yield return Score("tm:capd-score", Parameter.CapdScore, "CAPD score", 0, 32);
        yield return Score("9269-2", Parameter.GlasgowComaScale, "GCS", 3, 15);
        yield return Coded("tm:arousal", Parameter.Arousal, "arousal", ValueSets.Arousals);
        yield return Coded("tm:acvpu", Parameter.Acvpu, "ACVPU", ValueSets.Acvpus);
        yield return Coded("tm:seizure", Parameter.Seizure, "seizure", ValueSets.Seizures);
        yield return new ObservationDefinition
        {
            Code = "tm:motor-weakness", Parameter = Parameter.MotorWeakness, Label = "deep focal motor weakness", Kind = ValueKind.Boolean,
        };
        yield return Coded("tm:cerebral-edema", Parameter.CerebralEdema, "cerebral oedema", ValueSets.CerebralEdemas);
        // Interventions that grade IEC-HS (rules.md 4.3).
        yield return Coded("tm:bleeding", Parameter.Bleeding, "bleeding", ValueSets.Bleedings);
        yield return new ObservationDefinition
        {
            Code = "tm:dialysis", Parameter = Parameter.Dialysis, Label = "dialysis", Kind = ValueKind.Boolean,
        };

        // Laboratory: rules.md 9.2.
        // ANC: canonical 10*9/L; cells/µL = 10⁹/L × 1000; 10*3/uL = 10⁹/L; /mm3 = /uL.
        // A value over 100 with unit 10*9/L is probably cells/µL mislabelled: rejected, never auto-fixed.
        var perMicrolitre = new UnitConversion("/uL", Divisor: 1000);
        var perCubicMillimetre = new UnitConversion("/mm3", Divisor: 1000);
        var kiloPerMicrolitre = UnitConversion.Identity("10*3/uL");
        yield return Quantity("751-8", Parameter.NeutrophilCount, "ANC", "10*9/L", "×10⁹/L", Range(0, 100), Range(null, 50),
            kiloPerMicrolitre, perMicrolitre, perCubicMillimetre);
        // Platelets: 10*3/uL = 10⁹/L; /µL ÷ 1000 = 10⁹/L.
        yield return Quantity("777-3", Parameter.Platelets, "platelets", "10*9/L", "×10⁹/L", Range(0, 2000), Range(null, 1000),
            kiloPerMicrolitre, perMicrolitre, perCubicMillimetre);
        // Haemoglobin: g/L ÷ 10; mmol/L (Fe) ÷ 0.6206.
        yield return Quantity("718-7", Parameter.Haemoglobin, "haemoglobin", "g/dL", "g/dL", Range(1, 25), Range(4, 20),
            new UnitConversion("g/L", Divisor: 10), new UnitConversion("mmol/L", Divisor: 0.6206m));
        // CRP: canonical mg/L; mg/dL × 10.
        yield return Quantity("1988-5", Parameter.CReactiveProtein, "CRP", "mg/L", "mg/L", Range(0, 1000), Range(null, 400),
            new UnitConversion("mg/dL", Multiplier: 10));
        // Ferritin: ng/mL = µg/L. The pmol/L factor is approximate, so it is not converted silently.
        yield return Quantity("2276-4", Parameter.Ferritin, "ferritin", "ng/mL", "ng/mL", Range(0, 500_000), Range(null, 100_000),
            UnitConversion.Identity("ug/L"));
        // LDH: µkat/L × 60 = U/L.
        yield return Quantity("2532-0", Parameter.LactateDehydrogenase, "LDH", "U/L", "U/L", Range(0, 50_000), Range(null, 10_000),
            new UnitConversion("ukat/L", Multiplier: 60));
        // Creatinine: the mass code takes mg/dL, the molar code µmol/L (÷ 88.42 = mg/dL).
        yield return Quantity("2160-0", Parameter.Creatinine, "creatinine", "mg/dL", "mg/dL", Range(0.1m, 25), null);
        yield return Quantity("14682-9", Parameter.Creatinine, "creatinine", "mg/dL", "mg/dL", Range(0.1m, 25), null)
            with { Units = Units(new UnitConversion("umol/L", Divisor: 88.42m)) };
        // Fibrinogen: canonical g/L; mg/dL ÷ 100.
        yield return Quantity("3255-7", Parameter.Fibrinogen, "fibrinogen", "g/L", "g/L", Range(0, 15), Range(1.0m, null),
            new UnitConversion("mg/dL", Divisor: 100));
        // Transaminases: µkat/L × 60 = U/L.
        yield return Quantity("1742-6", Parameter.AlanineAminotransferase, "ALT", "U/L", "U/L", Range(0, 20_000), null,
            new UnitConversion("ukat/L", Multiplier: 60));
        yield return Quantity("1920-8", Parameter.AspartateAminotransferase, "AST", "U/L", "U/L", Range(0, 20_000), null,
            new UnitConversion("ukat/L", Multiplier: 60));
        // IL-6: pg/mL = ng/L.
        yield return Quantity("26881-3", Parameter.Interleukin6, "IL-6", "pg/mL", "pg/mL", Range(0, 1_000_000), null,
            UnitConversion.Identity("ng/L"));
    }

    private static ValueRange Range(decimal? min, decimal? max) => new(min, max);

    private static Dictionary<string, UnitConversion> Units(params UnitConversion[] conversions) =>
        conversions.ToDictionary(c => c.Unit, StringComparer.Ordinal);

    private static ObservationDefinition Quantity(string code, Parameter parameter, string label, string canonicalUnit, string displayUnit,
        ValueRange hard, ValueRange? soft, params UnitConversion[] alternatives) => new()
    {
        Code = code,
        Parameter = parameter,
        Label = label,
        Kind = ValueKind.Quantity,
        CanonicalUnit = canonicalUnit,
        DisplayUnit = displayUnit,
        Units = Units([UnitConversion.Identity(canonicalUnit), .. alternatives]),
        HardLimits = hard,
        SoftLimits = soft,
    };

    private static ObservationDefinition Score(string code, Parameter parameter, string label, int min, int max) => new()
    {
        Code = code,
        Parameter = parameter,
        Label = label,
        Kind = ValueKind.Score,
        CanonicalUnit = "{score}",
        Units = Units(UnitConversion.Identity("{score}")),
        HardLimits = Range(min, max),
    };

    private static ObservationDefinition Coded<TEnum>(string code, Parameter parameter, string label, ValueSet<TEnum> values)
        where TEnum : struct, Enum => new()
    {
        Code = code,
        Parameter = parameter,
        Label = label,
        Kind = ValueKind.Coded,
        AllowedValues = values.Names,
        ParseConcept = name => values.TryParse(name, out var value) ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : null,
    };
}
