using System.Reflection;
using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Tests.Support;

namespace TrialMonitor.Clinical.Tests.Observations;

/// <summary>Hard limits, soft flags, unit conversions and time checks of rules.md section 9 (data dictionary) and 0.1 "Bad values".</summary>
public sealed class ObservationNormaliserTests
{
    private static readonly DateTimeOffset Infusion = CourseBuilder.InfusionAt;
    private static readonly DateTimeOffset Taken = CourseBuilder.AtHours(30);

    private static NormalisationResult Normalise(string code, ObservationValue value, string? unit, DateTimeOffset? at = null, DateTimeOffset? receivedAt = null) =>
        ObservationNormaliser.Default.Normalise(new ObservationInput("obs-1", code, value, unit, at ?? Taken), receivedAt ?? (at ?? Taken).AddMinutes(1), Infusion);

    private static NormalisationResult Normalise(string code, double value, string? unit) => Normalise(code, ObservationValue.Of((decimal)value), unit);

    // Hard limits (9.1, 9.2): a value outside is rejected with the field and the limit named; a value on the limit is accepted.
    // Limits are inclusive ("reject < 25 or > 45 °C" keeps 25 and 45). Limits apply to the canonical value, after conversion.
    [Theory]
    // Temperature: reject < 25 or > 45 °C, every site.
    [InlineData("8310-5", 25, "Cel", null)]
    [InlineData("8310-5", 24.99, "Cel", "25–45 °C")]
    [InlineData("8310-5", 45, "Cel", null)]
    [InlineData("8310-5", 45.01, "Cel", "25–45 °C")]
    [InlineData("8310-5", 77, "[degF]", null)]
    [InlineData("8310-5", 76.9, "[degF]", "25–45 °C")]
    [InlineData("8310-5", 113, "[degF]", null)]
    [InlineData("8310-5", 113.1, "[degF]", "25–45 °C")]
    [InlineData("8331-1", 25, "Cel", null)]
    [InlineData("8331-1", 24.99, "Cel", "25–45 °C")]
    [InlineData("8331-1", 45, "Cel", null)]
    [InlineData("8331-1", 45.01, "Cel", "25–45 °C")]
    [InlineData("8328-7", 25, "Cel", null)]
    [InlineData("8328-7", 24.99, "Cel", "25–45 °C")]
    [InlineData("8328-7", 45, "Cel", null)]
    [InlineData("8328-7", 45.01, "Cel", "25–45 °C")]
    [InlineData("8332-9", 25, "Cel", null)]
    [InlineData("8332-9", 24.99, "Cel", "25–45 °C")]
    [InlineData("8332-9", 45, "Cel", null)]
    [InlineData("8332-9", 45.01, "Cel", "25–45 °C")]
    [InlineData("8333-7", 25, "Cel", null)]
    [InlineData("8333-7", 24.99, "Cel", "25–45 °C")]
    [InlineData("8333-7", 45, "Cel", null)]
    [InlineData("8333-7", 45.01, "Cel", "25–45 °C")]
    // Heart rate: reject < 0 or > 300.
    [InlineData("8867-4", 0, "/min", null)]
    [InlineData("8867-4", -1, "/min", "0–300 /min")]
    [InlineData("8867-4", 300, "/min", null)]
    [InlineData("8867-4", 301, "/min", "0–300 /min")]
    // Respiratory rate: reject < 0 or > 80.
    [InlineData("9279-1", 0, "/min", null)]
    [InlineData("9279-1", -1, "/min", "0–80 /min")]
    [InlineData("9279-1", 80, "/min", null)]
    [InlineData("9279-1", 81, "/min", "0–80 /min")]
    // Systolic BP: reject < 30 or > 300 mmHg.
    [InlineData("8480-6", 30, "mm[Hg]", null)]
    [InlineData("8480-6", 29, "mm[Hg]", "30–300 mmHg")]
    [InlineData("8480-6", 300, "mm[Hg]", null)]
    [InlineData("8480-6", 301, "mm[Hg]", "30–300 mmHg")]
    // Diastolic BP: reject < 10 or > 200 mmHg.
    [InlineData("8462-4", 10, "mm[Hg]", null)]
    [InlineData("8462-4", 9, "mm[Hg]", "10–200 mmHg")]
    [InlineData("8462-4", 200, "mm[Hg]", null)]
    [InlineData("8462-4", 201, "mm[Hg]", "10–200 mmHg")]
    // SpO2: reject < 0 or > 100 %.
    [InlineData("59408-5", 0, "%", null)]
    [InlineData("59408-5", -1, "%", "0–100 %")]
    [InlineData("59408-5", 100, "%", null)]
    [InlineData("59408-5", 100.1, "%", "0–100 %")]
    // Oxygen flow: reject < 0 or > 80 L/min.
    [InlineData("3151-8", 0, "L/min", null)]
    [InlineData("3151-8", -0.1, "L/min", "0–80 L/min")]
    [InlineData("3151-8", 80, "L/min", null)]
    [InlineData("3151-8", 80.1, "L/min", "0–80 L/min")]
    // FiO2: reject < 21 or > 100 %; a fraction (UCUM "1") is × 100 first.
    [InlineData("3150-0", 21, "%", null)]
    [InlineData("3150-0", 20.9, "%", "21–100 %")]
    [InlineData("3150-0", 100, "%", null)]
    [InlineData("3150-0", 100.1, "%", "21–100 %")]
    [InlineData("3150-0", 0.21, "1", null)]
    [InlineData("3150-0", 0.209, "1", "21–100 %")]
    // ANC: reject < 0 or > 100 × 10⁹/L; 450 "10*9/L" is probably cells/µL mislabelled and is rejected, not auto-fixed (V15).
    [InlineData("751-8", 0, "10*9/L", null)]
    [InlineData("751-8", -0.01, "10*9/L", "0–100 ×10⁹/L")]
    [InlineData("751-8", 100, "10*9/L", null)]
    [InlineData("751-8", 100.01, "10*9/L", "0–100 ×10⁹/L")]
    [InlineData("751-8", 450, "10*9/L", "0–100 ×10⁹/L")]
    [InlineData("751-8", 100000, "/uL", null)]
    [InlineData("751-8", 100001, "/uL", "0–100 ×10⁹/L")]
    // Platelets: reject < 0 or > 2000 × 10⁹/L.
    [InlineData("777-3", 0, "10*9/L", null)]
    [InlineData("777-3", -1, "10*9/L", "0–2000 ×10⁹/L")]
    [InlineData("777-3", 2000, "10*9/L", null)]
    [InlineData("777-3", 2001, "10*9/L", "0–2000 ×10⁹/L")]
    [InlineData("777-3", 175000, "10*9/L", "0–2000 ×10⁹/L")]
    // Haemoglobin: reject < 1 or > 25 g/dL.
    [InlineData("718-7", 1, "g/dL", null)]
    [InlineData("718-7", 0.9, "g/dL", "1–25 g/dL")]
    [InlineData("718-7", 25, "g/dL", null)]
    [InlineData("718-7", 25.1, "g/dL", "1–25 g/dL")]
    [InlineData("718-7", 250, "g/L", null)]
    [InlineData("718-7", 251, "g/L", "1–25 g/dL")]
    // CRP: reject < 0 or > 1000 mg/L.
    [InlineData("1988-5", 0, "mg/L", null)]
    [InlineData("1988-5", -0.1, "mg/L", "0–1000 mg/L")]
    [InlineData("1988-5", 1000, "mg/L", null)]
    [InlineData("1988-5", 1000.1, "mg/L", "0–1000 mg/L")]
    [InlineData("1988-5", 100, "mg/dL", null)]
    [InlineData("1988-5", 100.01, "mg/dL", "0–1000 mg/L")]
    // Ferritin: reject < 0 or > 500,000 ng/mL.
    [InlineData("2276-4", 0, "ng/mL", null)]
    [InlineData("2276-4", -1, "ng/mL", "0–500000 ng/mL")]
    [InlineData("2276-4", 500000, "ng/mL", null)]
    [InlineData("2276-4", 500001, "ng/mL", "0–500000 ng/mL")]
    // LDH: reject < 0 or > 50,000 U/L.
    [InlineData("2532-0", 0, "U/L", null)]
    [InlineData("2532-0", -1, "U/L", "0–50000 U/L")]
    [InlineData("2532-0", 50000, "U/L", null)]
    [InlineData("2532-0", 50001, "U/L", "0–50000 U/L")]
    // Creatinine: reject < 0.1 or > 25 mg/dL; the molar code in µmol/L ÷ 88.42 (0.1 mg/dL = 8.842, 25 mg/dL = 2210.5 µmol/L).
    [InlineData("2160-0", 0.1, "mg/dL", null)]
    [InlineData("2160-0", 0.09, "mg/dL", "0.1–25 mg/dL")]
    [InlineData("2160-0", 25, "mg/dL", null)]
    [InlineData("2160-0", 25.01, "mg/dL", "0.1–25 mg/dL")]
    [InlineData("14682-9", 8.842, "umol/L", null)]
    [InlineData("14682-9", 8.84, "umol/L", "0.1–25 mg/dL")]
    [InlineData("14682-9", 2210.5, "umol/L", null)]
    [InlineData("14682-9", 2210.6, "umol/L", "0.1–25 mg/dL")]
    // Fibrinogen: reject < 0 or > 15 g/L.
    [InlineData("3255-7", 0, "g/L", null)]
    [InlineData("3255-7", -0.1, "g/L", "0–15 g/L")]
    [InlineData("3255-7", 15, "g/L", null)]
    [InlineData("3255-7", 15.1, "g/L", "0–15 g/L")]
    [InlineData("3255-7", 1500, "mg/dL", null)]
    [InlineData("3255-7", 1501, "mg/dL", "0–15 g/L")]
    // ALT / AST: reject < 0 or > 20,000 U/L.
    [InlineData("1742-6", 0, "U/L", null)]
    [InlineData("1742-6", -1, "U/L", "0–20000 U/L")]
    [InlineData("1742-6", 20000, "U/L", null)]
    [InlineData("1742-6", 20001, "U/L", "0–20000 U/L")]
    [InlineData("1920-8", 0, "U/L", null)]
    [InlineData("1920-8", -1, "U/L", "0–20000 U/L")]
    [InlineData("1920-8", 20000, "U/L", null)]
    [InlineData("1920-8", 20001, "U/L", "0–20000 U/L")]
    // IL-6: reject < 0 or > 10⁶ pg/mL.
    [InlineData("26881-3", 0, "pg/mL", null)]
    [InlineData("26881-3", -1, "pg/mL", "0–1000000 pg/mL")]
    [InlineData("26881-3", 1000000, "pg/mL", null)]
    [InlineData("26881-3", 1000001, "pg/mL", "0–1000000 pg/mL")]
    // Fluid bolus: not in rules.md; the catalog's [P] limits are 1–10,000 mL (a bolus of nothing or of more than 10 L is an entry error).
    [InlineData("tm:fluid-bolus", 1, "mL", null)]
    [InlineData("tm:fluid-bolus", 0, "mL", "1–10000 mL")]
    [InlineData("tm:fluid-bolus", 10000, "mL", null)]
    [InlineData("tm:fluid-bolus", 10001, "mL", "1–10000 mL")]
    [InlineData("tm:fluid-bolus", 10, "L", null)]
    [InlineData("tm:fluid-bolus", 10.001, "L", "1–10000 mL")]
    public void Quantity_hard_limits(string code, double value, string unit, string? rejectedOutside)
    {
        var result = Normalise(code, value, unit);

        if (rejectedOutside is null)
        {
            Assert.True(result.IsAccepted, result.Rejection?.Message);
            Assert.Equal(code, result.Observation!.Code);
            return;
        }

        Assert.False(result.IsAccepted);
        var rejection = result.Rejection!;
        Assert.Equal(RejectionKind.OutsideHardLimits, rejection.Kind);
        Assert.Equal("value", rejection.Field);
        Assert.Contains(ObservationCatalog.Default[code].Label, rejection.Message, StringComparison.Ordinal);
        Assert.Contains("outside " + rejectedOutside, rejection.Message, StringComparison.Ordinal);
    }

    // Scores (9.1): ICE "not integer 0–10", CAPD "< 0 or > 32", GCS "< 3 or > 15"; unit absent or {score}.
    [Theory]
    [InlineData("tm:ice-score", 0, null, "from 0 to 10")]
    [InlineData("tm:ice-score", -1, RejectionKind.OutsideHardLimits, "from 0 to 10")]
    [InlineData("tm:ice-score", 10, null, "from 0 to 10")]
    [InlineData("tm:ice-score", 11, RejectionKind.OutsideHardLimits, "from 0 to 10")]
    [InlineData("tm:ice-score", 7.5, RejectionKind.NotAnInteger, "from 0 to 10")]
    [InlineData("tm:capd-score", 0, null, "from 0 to 32")]
    [InlineData("tm:capd-score", -1, RejectionKind.OutsideHardLimits, "from 0 to 32")]
    [InlineData("tm:capd-score", 32, null, "from 0 to 32")]
    [InlineData("tm:capd-score", 33, RejectionKind.OutsideHardLimits, "from 0 to 32")]
    [InlineData("9269-2", 3, null, "from 3 to 15")]
    [InlineData("9269-2", 2, RejectionKind.OutsideHardLimits, "from 3 to 15")]
    [InlineData("9269-2", 15, null, "from 3 to 15")]
    [InlineData("9269-2", 16, RejectionKind.OutsideHardLimits, "from 3 to 15")]
    public void Score_hard_limits(string code, double value, RejectionKind? expectedRejection, string limits)
    {
        foreach (var unit in new[] { "{score}", null })
        {
            var result = Normalise(code, value, unit);

            if (expectedRejection is null)
            {
                Assert.True(result.IsAccepted, result.Rejection?.Message);
                Assert.Equal((decimal)value, result.Observation!.Quantity);
                continue;
            }

            Assert.False(result.IsAccepted);
            Assert.Equal(expectedRejection, result.Rejection!.Kind);
            Assert.Equal("value", result.Rejection.Field);
            Assert.Contains(ObservationCatalog.Default[code].Label, result.Rejection.Message, StringComparison.Ordinal);
            Assert.Contains(limits, result.Rejection.Message, StringComparison.Ordinal);
        }
    }

    // Coded values (9.1 "not in set"): the contract's value sets (api.md); anything else is rejected and named.
    [Theory]
    [InlineData("tm:o2-device", "room-air", true)]
    [InlineData("tm:o2-device", "nasal-cannula", true)]
    [InlineData("tm:o2-device", "blow-by", true)]
    [InlineData("tm:o2-device", "hfnc", true)]
    [InlineData("tm:o2-device", "simple-mask", true)]
    [InlineData("tm:o2-device", "venturi", true)]
    [InlineData("tm:o2-device", "non-rebreather", true)]
    [InlineData("tm:o2-device", "cpap", true)]
    [InlineData("tm:o2-device", "bipap", true)]
    [InlineData("tm:o2-device", "invasive-ventilation", true)]
    [InlineData("tm:o2-device", "high-flow", false)]
    [InlineData("tm:acvpu", "A", true)]
    [InlineData("tm:acvpu", "C", true)]
    [InlineData("tm:acvpu", "V", true)]
    [InlineData("tm:acvpu", "P", true)]
    [InlineData("tm:acvpu", "U", true)]
    [InlineData("tm:acvpu", "X", false)]
    [InlineData("tm:arousal", "spontaneous", true)]
    [InlineData("tm:arousal", "voice", true)]
    [InlineData("tm:arousal", "tactile", true)]
    [InlineData("tm:arousal", "unarousable", true)]
    [InlineData("tm:arousal", "pain", false)]
    [InlineData("tm:seizure", "none", true)]
    [InlineData("tm:seizure", "rapid", true)]
    [InlineData("tm:seizure", "prolonged", true)]
    [InlineData("tm:seizure", "yes", false)]
    [InlineData("tm:cerebral-edema", "none", true)]
    [InlineData("tm:cerebral-edema", "focal", true)]
    [InlineData("tm:cerebral-edema", "diffuse", true)]
    [InlineData("tm:cerebral-edema", "global", false)]
    [InlineData("tm:bleeding", "none", true)]
    [InlineData("tm:bleeding", "major", true)]
    [InlineData("tm:bleeding", "severe", false)]
    public void Coded_values_outside_the_value_set_are_rejected(string code, string value, bool expectedAccepted)
    {
        var result = Normalise(code, ObservationValue.Of(value), null);

        Assert.Equal(expectedAccepted, result.IsAccepted);
        if (expectedAccepted)
        {
            Assert.Equal(value, result.Observation!.ConceptName);
            return;
        }

        Assert.Equal(RejectionKind.NotInValueSet, result.Rejection!.Kind);
        Assert.Equal("value", result.Rejection.Field);
        Assert.Contains($"'{value}'", result.Rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tm:vasopressors", "", true)]
    [InlineData("tm:vasopressors", "norepinephrine,epinephrine,phenylephrine,dopamine,vasopressin", true)]
    [InlineData("tm:vasopressors", "norepinephrine,dobutamine", false)]
    public void Vasopressor_snapshots_accept_only_the_listed_drugs(string code, string running, bool expectedAccepted)
    {
        var result = Normalise(code, ObservationValue.Of(running.Length == 0 ? [] : running.Split(',')), null);

        Assert.Equal(expectedAccepted, result.IsAccepted);
        if (!expectedAccepted)
        {
            Assert.Equal(RejectionKind.NotInValueSet, result.Rejection!.Kind);
            Assert.Contains("'dobutamine'", result.Rejection.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("tm:motor-weakness")]
    [InlineData("tm:dialysis")]
    public void Boolean_codes_take_true_or_false_only(string code)
    {
        Assert.True(Normalise(code, ObservationValue.Of(true), null).IsAccepted);
        Assert.True(Normalise(code, ObservationValue.Of(false), null).IsAccepted);
        var rejection = Normalise(code, ObservationValue.Of("yes"), null).Rejection!;
        Assert.Equal(RejectionKind.WrongValueType, rejection.Kind);
        Assert.Equal("value", rejection.Field);
    }

    // The medication list is open (api.md "..."): a known drug is accepted; an unknown one is kept but flagged.
    [Theory]
    [InlineData("tm:medication", "tocilizumab", false)]
    [InlineData("tm:medication", "dexamethasone", false)]
    [InlineData("tm:medication", "unlisted-drug", true)]
    public void Medications_are_accepted_and_unknown_names_flagged(string code, string name, bool expectedFlag)
    {
        var result = Normalise(code, ObservationValue.Of(name), null);

        Assert.True(result.IsAccepted);
        Assert.Equal(expectedFlag, result.Observation!.Flags.Any(f => f.Kind == QualityFlagKind.UnrecognisedMedication));
    }

    /// <summary>Every code of the catalog has rows in the limit and value-set tables above.</summary>
    [Fact]
    public void Every_catalog_code_is_covered_by_a_limit_or_value_set_table()
    {
        var tested = new[]
            {
                nameof(Quantity_hard_limits), nameof(Score_hard_limits), nameof(Coded_values_outside_the_value_set_are_rejected),
                nameof(Vasopressor_snapshots_accept_only_the_listed_drugs), nameof(Boolean_codes_take_true_or_false_only),
                nameof(Medications_are_accepted_and_unknown_names_flagged),
            }
            .SelectMany(name => typeof(ObservationNormaliserTests).GetMethod(name)!.GetCustomAttributes<InlineDataAttribute>())
            .SelectMany(data => data.GetData(null!))
            .Select(row => (string)row[0])
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(ObservationCatalog.Default.Definitions.Select(d => d.Code).Order(StringComparer.Ordinal), tested.Order(StringComparer.Ordinal));
    }

    // Every quantity code has both hard bounds tested on both sides: four rows at the canonical unit.
    [Fact]
    public void Every_quantity_code_has_both_hard_limits_tested_on_both_sides()
    {
        var rows = typeof(ObservationNormaliserTests).GetMethod(nameof(Quantity_hard_limits))!.GetCustomAttributes<InlineDataAttribute>()
            .SelectMany(data => data.GetData(null!))
            .Select(row => (Code: (string)row[0], Value: Convert.ToDecimal(row[1], System.Globalization.CultureInfo.InvariantCulture), Unit: (string)row[2], Rejected: row[3] is not null))
            .ToArray();

        foreach (var definition in ObservationCatalog.Default.Definitions.Where(d => d.Kind == ValueKind.Quantity))
        {
            var conversion = definition.Units[definition.Units.Keys.First(u => u == definition.CanonicalUnit || definition.Code == "14682-9")];
            var ofCode = rows.Where(r => r.Code == definition.Code && r.Unit == conversion.Unit).ToArray();
            var hard = definition.HardLimits!;
            Assert.Contains(ofCode, r => !r.Rejected && conversion.ToCanonical(r.Value) == hard.Min);
            Assert.Contains(ofCode, r => r.Rejected && conversion.ToCanonical(r.Value) < hard.Min);
            Assert.Contains(ofCode, r => !r.Rejected && conversion.ToCanonical(r.Value) == hard.Max);
            Assert.Contains(ofCode, r => r.Rejected && conversion.ToCanonical(r.Value) > hard.Max);
        }
    }

    // Soft limits (9.1, 9.2): outside → accepted and flagged; on the limit → not flagged. "—" means no soft limit at all.
    [Theory]
    [InlineData("8310-5", 34, "Cel", false)]
    [InlineData("8310-5", 33.99, "Cel", true)]
    [InlineData("8310-5", 42, "Cel", false)]
    [InlineData("8310-5", 42.01, "Cel", true)]
    [InlineData("8310-5", 93.2, "[degF]", false)]
    [InlineData("8310-5", 93.1, "[degF]", true)]
    [InlineData("8867-4", 30, "/min", false)]
    [InlineData("8867-4", 29, "/min", true)]
    [InlineData("8867-4", 200, "/min", false)]
    [InlineData("8867-4", 201, "/min", true)]
    [InlineData("9279-1", 6, "/min", false)]
    [InlineData("9279-1", 5, "/min", true)]
    [InlineData("9279-1", 50, "/min", false)]
    [InlineData("9279-1", 51, "/min", true)]
    [InlineData("8480-6", 60, "mm[Hg]", false)]
    [InlineData("8480-6", 59, "mm[Hg]", true)]
    [InlineData("8480-6", 250, "mm[Hg]", false)]
    [InlineData("8480-6", 251, "mm[Hg]", true)]
    [InlineData("59408-5", 70, "%", false)]
    [InlineData("59408-5", 69, "%", true)]
    [InlineData("59408-5", 100, "%", false)]
    [InlineData("3151-8", 60, "L/min", false)]
    [InlineData("3151-8", 60.1, "L/min", true)]
    [InlineData("751-8", 50, "10*9/L", false)]
    [InlineData("751-8", 50.01, "10*9/L", true)]
    [InlineData("751-8", 50000, "/uL", false)]
    [InlineData("751-8", 50001, "/uL", true)]
    [InlineData("777-3", 1000, "10*9/L", false)]
    [InlineData("777-3", 1001, "10*9/L", true)]
    [InlineData("718-7", 4, "g/dL", false)]
    [InlineData("718-7", 3.9, "g/dL", true)]
    [InlineData("718-7", 20, "g/dL", false)]
    [InlineData("718-7", 20.1, "g/dL", true)]
    [InlineData("1988-5", 400, "mg/L", false)]
    [InlineData("1988-5", 400.1, "mg/L", true)]
    [InlineData("2276-4", 100000, "ng/mL", false)]
    [InlineData("2276-4", 100001, "ng/mL", true)]
    [InlineData("2532-0", 10000, "U/L", false)]
    [InlineData("2532-0", 10001, "U/L", true)]
    [InlineData("3255-7", 1.0, "g/L", false)]
    [InlineData("3255-7", 0.99, "g/L", true)]
    [InlineData("3255-7", 100, "mg/dL", false)]
    [InlineData("3255-7", 99, "mg/dL", true)]
    // No soft limit ("—" in 9.1/9.2): even values on the hard limits are not flagged.
    [InlineData("8462-4", 10, "mm[Hg]", false)]
    [InlineData("8462-4", 200, "mm[Hg]", false)]
    [InlineData("3150-0", 21, "%", false)]
    [InlineData("3150-0", 100, "%", false)]
    [InlineData("2160-0", 0.1, "mg/dL", false)]
    [InlineData("2160-0", 25, "mg/dL", false)]
    [InlineData("14682-9", 2210.5, "umol/L", false)]
    [InlineData("1742-6", 20000, "U/L", false)]
    [InlineData("1920-8", 20000, "U/L", false)]
    [InlineData("26881-3", 1000000, "pg/mL", false)]
    public void Soft_limits_flag_but_keep_the_value(string code, double value, string unit, bool expectedFlag)
    {
        var result = Normalise(code, value, unit);

        Assert.True(result.IsAccepted, result.Rejection?.Message);
        var flags = result.Observation!.Flags;
        Assert.Equal(expectedFlag, flags.Any(f => f.Kind == QualityFlagKind.OutsideSoftLimits));
        if (expectedFlag) Assert.Contains(ObservationCatalog.Default[code].Label, Assert.Single(flags).Message, StringComparison.Ordinal);
    }

    // Every conversion of 9.1 and 9.2 that the contract accepts, to an exact canonical value; the value as sent is kept for audit.
    [Theory]
    [InlineData("8310-5", 100.4, "[degF]", 38.0)]
    [InlineData("8310-5", 98.6, "[degF]", 37.0)]
    [InlineData("8310-5", 104, "[degF]", 40.0)]
    [InlineData("8310-5", 38.4, "Cel", 38.4)]
    [InlineData("8331-1", 101.3, "[degF]", 38.5)]
    [InlineData("8328-7", 99.5, "[degF]", 37.5)]
    [InlineData("8332-9", 102.2, "[degF]", 39.0)]
    [InlineData("8333-7", 100.4, "[degF]", 38.0)]
    [InlineData("8480-6", 16, "kPa", 120.0096)]
    [InlineData("8462-4", 10, "kPa", 75.006)]
    [InlineData("59408-5", 0.97, "1", 97)]
    [InlineData("3150-0", 0.5, "1", 50)]
    [InlineData("3150-0", 1.0, "1", 100)]
    [InlineData("tm:fluid-bolus", 0.5, "L", 500)]
    [InlineData("751-8", 1.8, "10*9/L", 1.8)]
    [InlineData("751-8", 1.8, "10*3/uL", 1.8)]
    [InlineData("751-8", 450, "/uL", 0.45)]
    [InlineData("751-8", 1800, "/mm3", 1.8)]
    [InlineData("777-3", 175000, "/uL", 175)]
    [InlineData("777-3", 150, "10*3/uL", 150)]
    [InlineData("777-3", 45000, "/mm3", 45)]
    [InlineData("718-7", 105, "g/L", 10.5)]
    [InlineData("718-7", 6.206, "mmol/L", 10)]
    [InlineData("1988-5", 2.5, "mg/dL", 25)]
    [InlineData("2276-4", 320, "ug/L", 320)]
    [InlineData("2532-0", 5, "ukat/L", 300)]
    [InlineData("14682-9", 88.42, "umol/L", 1)]
    [InlineData("14682-9", 176.84, "umol/L", 2)]
    [InlineData("3255-7", 150, "mg/dL", 1.5)]
    [InlineData("3255-7", 120, "mg/dL", 1.2)]
    [InlineData("1742-6", 1, "ukat/L", 60)]
    [InlineData("1920-8", 0.5, "ukat/L", 30)]
    [InlineData("26881-3", 12, "ng/L", 12)]
    public void Units_are_converted_to_the_canonical_unit_exactly(string code, double value, string unit, double expectedCanonical)
    {
        var result = Normalise(code, value, unit);

        Assert.True(result.IsAccepted, result.Rejection?.Message);
        var observation = result.Observation!;
        Assert.Equal((decimal)expectedCanonical, observation.Quantity);
        Assert.Equal((decimal)value, observation.ReportedQuantity);
        Assert.Equal(unit, observation.ReportedUnit);
    }

    // A unit not valid for the code is rejected and named; no unit is ever guessed (0.1 "Bad values"; 9 "never infer a unit").
    [Theory]
    [InlineData("8310-5", 38.0, "C")]
    [InlineData("8310-5", 38.0, "degF")]
    [InlineData("8310-5", 311.15, "K")]
    [InlineData("8867-4", 80, "/s")]
    [InlineData("8480-6", 120, "mmHg")]
    [InlineData("59408-5", 97, "1/1")]
    [InlineData("3151-8", 2000, "mL/min")]
    [InlineData("3150-0", 40, "L/min")]
    [InlineData("751-8", 450, "cells/uL")]
    [InlineData("777-3", 150, "g/L")]
    [InlineData("718-7", 10.5, "mg/dL")]
    [InlineData("1988-5", 25, "mg/mL")]
    [InlineData("2276-4", 720, "pmol/L")]
    [InlineData("2532-0", 300, "IU/mL")]
    [InlineData("2160-0", 115, "umol/L")]
    [InlineData("14682-9", 1.3, "mg/dL")]
    [InlineData("3255-7", 1.5, "mmol/L")]
    [InlineData("1742-6", 45, "U/mL")]
    [InlineData("26881-3", 12, "ng/mL")]
    [InlineData("tm:fluid-bolus", 500, "cc")]
    [InlineData("tm:ice-score", 8, "points")]
    public void A_unit_not_valid_for_the_code_is_rejected(string code, double value, string unit)
    {
        var rejection = Normalise(code, value, unit).Rejection;

        Assert.NotNull(rejection);
        Assert.Equal(RejectionKind.UnitNotValidForCode, rejection.Kind);
        Assert.Equal("unit", rejection.Field);
        Assert.Contains($"'{unit}'", rejection.Message, StringComparison.Ordinal);
        Assert.Contains(code, rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tm:o2-device", "hfnc", "L/min")]
    [InlineData("tm:acvpu", "A", "{score}")]
    public void A_unit_on_a_coded_value_is_rejected(string code, string value, string unit)
    {
        var rejection = Normalise(code, ObservationValue.Of(value), unit).Rejection!;

        Assert.Equal(RejectionKind.UnitNotValidForCode, rejection.Kind);
        Assert.Equal("unit", rejection.Field);
    }

    // The magnitude never changes the unit: a mis-tagged value is taken as sent, then judged by the limits (V12, V15; 9.1 SpO2 note).
    [Theory]
    [InlineData("8310-5", 98.9, "Cel", null)]
    [InlineData("59408-5", 0.97, "%", 0.97)]
    [InlineData("751-8", 1.8, "/uL", 0.0018)]
    [InlineData("751-8", 0.45, "10*9/L", 0.45)]
    [InlineData("3150-0", 0.5, "%", null)]
    public void No_unit_is_guessed_from_the_magnitude(string code, double value, string unit, double? expectedCanonical)
    {
        var result = Normalise(code, value, unit);

        if (expectedCanonical is null)
        {
            Assert.Equal(RejectionKind.OutsideHardLimits, result.Rejection!.Kind);
            return;
        }

        Assert.True(result.IsAccepted, result.Rejection?.Message);
        Assert.Equal((decimal)expectedCanonical, result.Observation!.Quantity);
    }

    [Theory]
    [InlineData("8310-5", null)]
    [InlineData("8310-5", "")]
    [InlineData("751-8", null)]
    [InlineData("8480-6", "")]
    [InlineData("tm:fluid-bolus", null)]
    public void A_quantity_without_a_unit_is_rejected(string code, string? unit)
    {
        var rejection = Normalise(code, 38.0, unit).Rejection!;

        Assert.Equal(RejectionKind.UnitMissing, rejection.Kind);
        Assert.Equal("unit", rejection.Field);
        Assert.Contains(code, rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8310-6")]
    [InlineData("1234-5")]
    [InlineData("tm:crs-grade")]
    [InlineData("TM:O2-DEVICE")]
    public void An_unknown_code_is_rejected(string code)
    {
        var rejection = Normalise(code, 38.0, "Cel").Rejection!;

        Assert.Equal(RejectionKind.UnknownCode, rejection.Kind);
        Assert.Equal("code", rejection.Field);
        Assert.Contains($"'{code}'", rejection.Message, StringComparison.Ordinal);
    }

    // Effective time at most 10 min (NormalisationOptions.MaxClockSkew [P]) after arrival.
    [Theory]
    [InlineData(-3600, true)]
    [InlineData(0, true)]
    [InlineData(600, true)]
    [InlineData(601, false)]
    public void An_effective_time_in_the_future_is_rejected_beyond_10_minutes_of_clock_skew(int secondsAfterArrival, bool expectedAccepted)
    {
        var received = CourseBuilder.AtHours(30);
        var result = Normalise("8310-5", ObservationValue.Of(37.0m), "Cel", received.AddSeconds(secondsAfterArrival), received);

        Assert.Equal(expectedAccepted, result.IsAccepted);
        if (!expectedAccepted)
        {
            Assert.Equal(RejectionKind.EffectiveAtInFuture, result.Rejection!.Kind);
            Assert.Equal("effectiveAt", result.Rejection.Field);
            Assert.Contains("10 min", result.Rejection.Message, StringComparison.Ordinal);
        }
    }

    // Effective time at most 60 days (NormalisationOptions.MaxTimeBeforeInfusion [P]) before infusion.
    [Theory]
    [InlineData(0, true)]
    [InlineData(60 * 86400, true)]
    [InlineData(60 * 86400 + 1, false)]
    public void An_effective_time_more_than_60_days_before_infusion_is_rejected(int secondsBeforeInfusion, bool expectedAccepted)
    {
        var at = Infusion.AddSeconds(-secondsBeforeInfusion);
        var result = Normalise("751-8", ObservationValue.Of(2.1m), "10*9/L", at, Infusion.AddDays(1));

        Assert.Equal(expectedAccepted, result.IsAccepted);
        if (!expectedAccepted)
        {
            Assert.Equal(RejectionKind.EffectiveAtTooEarly, result.Rejection!.Kind);
            Assert.Equal("effectiveAt", result.Rejection.Field);
            Assert.Contains("60 days", result.Rejection.Message, StringComparison.Ordinal);
        }
    }
}
