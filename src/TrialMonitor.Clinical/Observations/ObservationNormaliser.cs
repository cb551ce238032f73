using System.Globalization;

namespace TrialMonitor.Clinical.Observations;

/// <summary>The outcome of checking one observation: either an accepted canonical observation or a rejection.</summary>
public readonly record struct NormalisationResult(Observation? Observation, ObservationRejection? Rejection)
{
    public bool IsAccepted => Observation is not null;
}

/// <summary>
/// Checks a submitted observation against its code and converts it to canonical units (rules.md 9).
/// Units are converted only from an explicit UCUM unit: a unit not valid for the code is a rejection,
/// and no unit is ever guessed from the magnitude of the value (rules.md 0.1 "Bad values").
/// </summary>
public sealed class ObservationNormaliser(ObservationCatalog catalog, NormalisationOptions options)
{
    private const int MaxIdLength = 200;
    private const int MaxMedicationNameLength = 100;

    public static ObservationNormaliser Default { get; } = new(ObservationCatalog.Default, NormalisationOptions.Default);

    public ObservationCatalog Catalog => catalog;

    public NormalisationResult Normalise(in ObservationInput input, DateTimeOffset receivedAt, DateTimeOffset? infusionAt)
    {
        if (string.IsNullOrWhiteSpace(input.Id))
            return Reject(RejectionKind.MissingField, "id", "id is required: it is the sender's message id and the idempotency key");
        if (input.Id.Length > MaxIdLength)
            return Reject(RejectionKind.WrongValueType, "id", $"id is {input.Id.Length} characters long; at most {MaxIdLength} are allowed");
        if (string.IsNullOrWhiteSpace(input.Code))
            return Reject(RejectionKind.MissingField, "code", "code is required");
        if (!catalog.TryGet(input.Code, out var definition))
            return Reject(RejectionKind.UnknownCode, "code", $"code '{input.Code}' is not an observation code this service knows (see the contract's code table)");
        if (input.EffectiveAt is not { } effectiveAt)
            return Reject(RejectionKind.MissingField, "effectiveAt", $"effectiveAt is required for {Describe(definition)}");
        if (effectiveAt - receivedAt > options.MaxClockSkew)
            return Reject(RejectionKind.EffectiveAtInFuture, "effectiveAt",
                $"effectiveAt {effectiveAt:O} is {Durations.Describe(effectiveAt - receivedAt)} after the observation was received; " +
                $"at most {Durations.Describe(options.MaxClockSkew)} of clock skew is allowed");
        if (infusionAt is { } infusion && infusion - effectiveAt > options.MaxTimeBeforeInfusion)
            return Reject(RejectionKind.EffectiveAtTooEarly, "effectiveAt",
                $"effectiveAt {effectiveAt:O} is {Durations.Describe(infusion - effectiveAt)} before infusion; " +
                $"at most {Durations.Describe(options.MaxTimeBeforeInfusion)} is accepted");

        return definition.Kind switch
        {
            ValueKind.Quantity => NormaliseQuantity(input, definition, effectiveAt),
            ValueKind.Score => NormaliseScore(input, definition, effectiveAt),
            ValueKind.Coded => NormaliseCoded(input, definition, effectiveAt),
            ValueKind.CodedList => NormaliseVasopressors(input, definition, effectiveAt),
            ValueKind.Boolean => NormaliseBoolean(input, definition, effectiveAt),
            ValueKind.Medication => NormaliseMedication(input, definition, effectiveAt),
            _ => throw new InvalidOperationException($"no normalisation for {definition.Kind}"),
        };
    }

    private static NormalisationResult NormaliseQuantity(in ObservationInput input, ObservationDefinition definition, DateTimeOffset effectiveAt)
    {
        if (input.Value.Kind != ObservationValueKind.Number)
            return WrongType(input, definition, "a number");
        if (string.IsNullOrEmpty(input.Unit))
            return Reject(RejectionKind.UnitMissing, "unit", $"unit is required for {Describe(definition)}; accepted: {AcceptedUnits(definition)}");
        if (!definition.Units.TryGetValue(input.Unit, out var conversion))
            return Reject(RejectionKind.UnitNotValidForCode, "unit",
                $"unit '{input.Unit}' is not valid for {Describe(definition)}; accepted: {AcceptedUnits(definition)}");

        var reported = input.Value.Number;
        var canonical = conversion.ToCanonical(reported);
        // Spelled out only for a rejection or a flag: every accepted reading passes here.
        var unit = input.Unit;
        string Shown() => unit == definition.CanonicalUnit
            ? $"{definition.Label} {Numbers.Format(reported)} {unit}"
            : $"{definition.Label} {Numbers.Format(reported)} {unit} (= {Numbers.Format(canonical, 3)} {definition.DisplayUnit})";
        if (definition.HardLimits is { } hard && !hard.Contains(canonical))
            return Reject(RejectionKind.OutsideHardLimits, "value", $"{Shown()} is outside {hard.Describe(definition.DisplayUnit)}");

        var flags = definition.SoftLimits is { } soft && !soft.Contains(canonical)
            ? new[] { new QualityFlag(QualityFlagKind.OutsideSoftLimits, $"{Shown()} is outside the usual {soft.Describe(definition.DisplayUnit)}; check the reading") }
            : [];
        return Accept(input, definition, effectiveAt).WithQuantity(canonical, reported, flags);
    }

    private static NormalisationResult NormaliseScore(in ObservationInput input, ObservationDefinition definition, DateTimeOffset effectiveAt)
    {
        if (input.Value.Kind != ObservationValueKind.Number)
            return WrongType(input, definition, "an integer");
        if (!string.IsNullOrEmpty(input.Unit) && input.Unit != "{score}")
            return Reject(RejectionKind.UnitNotValidForCode, "unit", $"unit '{input.Unit}' is not valid for {Describe(definition)}; send {{score}} or no unit");
        var value = input.Value.Number;
        var limits = definition.HardLimits!;
        if (value != decimal.Truncate(value) || !limits.Contains(value))
            return Reject(value != decimal.Truncate(value) ? RejectionKind.NotAnInteger : RejectionKind.OutsideHardLimits, "value",
                $"{definition.Label} {Numbers.Format(value)} is not an integer from {Numbers.Format(limits.Min!.Value)} to {Numbers.Format(limits.Max!.Value)}");
        return Accept(input, definition, effectiveAt).WithQuantity(value, value, []);
    }

    private static NormalisationResult NormaliseCoded(in ObservationInput input, ObservationDefinition definition, DateTimeOffset effectiveAt)
    {
        if (UnitGivenForUnitlessCode(input, definition) is { } unitRejection)
            return unitRejection;
        if (input.Value.Kind != ObservationValueKind.Text)
            return WrongType(input, definition, "one of " + string.Join(", ", definition.AllowedValues));
        if (definition.ParseConcept!(input.Value.Text!) is not { } concept)
            return Reject(RejectionKind.NotInValueSet, "value",
                $"{definition.Label} '{input.Value.Text}' is not one of: {string.Join(", ", definition.AllowedValues)}");
        return Accept(input, definition, effectiveAt).WithConcept(concept, input.Value.Text!, MedicationClass.None, []);
    }

    private static NormalisationResult NormaliseVasopressors(in ObservationInput input, ObservationDefinition definition, DateTimeOffset effectiveAt)
    {
        if (UnitGivenForUnitlessCode(input, definition) is { } unitRejection)
            return unitRejection;
        if (input.Value.Kind != ObservationValueKind.TextList)
            return WrongType(input, definition, "an array of the vasopressors now running ([] for none)");
        var running = Vasopressor.None;
        foreach (var name in input.Value.List!)
        {
            if (!ValueSets.Vasopressors.TryParse(name, out var drug))
                return Reject(RejectionKind.NotInValueSet, "value",
                    $"vasopressor '{name}' is not one of: {string.Join(", ", definition.AllowedValues)}");
            running |= drug;
        }

        var names = running == Vasopressor.None ? "none" : string.Join(", ", input.Value.List!.Distinct(StringComparer.Ordinal));
        return Accept(input, definition, effectiveAt).WithConcept((int)running, names, MedicationClass.None, []);
    }

    private static NormalisationResult NormaliseBoolean(in ObservationInput input, ObservationDefinition definition, DateTimeOffset effectiveAt)
    {
        if (UnitGivenForUnitlessCode(input, definition) is { } unitRejection)
            return unitRejection;
        if (input.Value.Kind != ObservationValueKind.Boolean)
            return WrongType(input, definition, "true or false");
        return Accept(input, definition, effectiveAt).WithConcept(input.Value.Boolean ? 1 : 0, input.Value.Boolean ? "yes" : "no", MedicationClass.None, []);
    }

    private static NormalisationResult NormaliseMedication(in ObservationInput input, ObservationDefinition definition, DateTimeOffset effectiveAt)
    {
        if (UnitGivenForUnitlessCode(input, definition) is { } unitRejection)
            return unitRejection;
        if (input.Value.Kind != ObservationValueKind.Text || string.IsNullOrWhiteSpace(input.Value.Text))
            return WrongType(input, definition, "the name of the medication given");
        var name = input.Value.Text.Trim().ToLowerInvariant();
        if (name.Length > MaxMedicationNameLength)
            return Reject(RejectionKind.WrongValueType, "value", $"medication name is {name.Length} characters long; at most {MaxMedicationNameLength} are allowed");
        var known = Medications.TryClassify(name, out var classes);
        var flags = known
            ? Array.Empty<QualityFlag>()
            : [new QualityFlag(QualityFlagKind.UnrecognisedMedication, $"medication '{name}' is not one the rules recognise; it is kept but grades nothing")];
        return Accept(input, definition, effectiveAt).WithConcept(0, name, classes, flags);
    }

    private static NormalisationResult? UnitGivenForUnitlessCode(in ObservationInput input, ObservationDefinition definition) =>
        string.IsNullOrEmpty(input.Unit)
            ? null
            : Reject(RejectionKind.UnitNotValidForCode, "unit", $"unit '{input.Unit}' is not valid for {Describe(definition)}, which takes no unit");

    private static NormalisationResult WrongType(in ObservationInput input, ObservationDefinition definition, string expected) =>
        input.Value.Kind == ObservationValueKind.Missing
            ? Reject(RejectionKind.MissingField, "value", $"value is required for {Describe(definition)}: {expected}")
            : Reject(RejectionKind.WrongValueType, "value", $"value for {Describe(definition)} must be {expected}; got {input.Value}");

    private static NormalisationResult Reject(RejectionKind kind, string field, string message) => new(null, new ObservationRejection(kind, field, message));

    private static string Describe(ObservationDefinition definition) => $"{definition.Label} ({definition.Code})";

    private static string AcceptedUnits(ObservationDefinition definition) => string.Join(", ", definition.Units.Keys);

    private static PendingObservation Accept(in ObservationInput input, ObservationDefinition definition, DateTimeOffset effectiveAt) =>
        new(input, definition, effectiveAt);

    /// <summary>The parts of an accepted observation common to every kind, waiting for its value.</summary>
    private readonly record struct PendingObservation(ObservationInput Input, ObservationDefinition Definition, DateTimeOffset EffectiveAt)
    {
        public NormalisationResult WithQuantity(decimal canonical, decimal reported, IReadOnlyList<QualityFlag> flags) =>
            new(new Observation
            {
                Id = Input.Id!,
                Code = Definition.Code,
                Parameter = Definition.Parameter,
                EffectiveAt = EffectiveAt,
                Quantity = canonical,
                ReportedQuantity = reported,
                ReportedUnit = string.IsNullOrEmpty(Input.Unit) ? Definition.CanonicalUnit : Input.Unit,
                TemperatureSite = Definition.TemperatureSite,
                Flags = flags,
            }, null);

        public NormalisationResult WithConcept(int concept, string name, MedicationClass classes, IReadOnlyList<QualityFlag> flags) =>
            new(new Observation
            {
                Id = Input.Id!,
                Code = Definition.Code,
                Parameter = Definition.Parameter,
                EffectiveAt = EffectiveAt,
                Concept = concept,
                ConceptName = name,
                MedicationClasses = classes,
                Flags = flags,
            }, null);
    }
}

internal static class Durations
{
    public static string Describe(TimeSpan span)
    {
        span = span.Duration();
        if (span.TotalDays >= 2) return $"{Math.Floor(span.TotalDays).ToString(CultureInfo.InvariantCulture)} days";
        if (span.TotalHours >= 1) return $"{(int)span.TotalHours} h {span.Minutes} min";
        if (span.TotalMinutes >= 1) return $"{(int)span.TotalMinutes} min";
        return $"{span.Seconds} s";
    }
}
