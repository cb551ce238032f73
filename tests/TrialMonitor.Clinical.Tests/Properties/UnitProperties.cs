using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Tests.Properties;

/// <summary>Unit conversions of rules.md 9 round-trip, and a quantity is accepted exactly when it is within its hard limits.</summary>
public sealed class UnitProperties
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A value sent in one of a code's units.</summary>
    public sealed record Sent(ObservationDefinition Definition, UnitConversion Unit, decimal Value)
    {
        public override string ToString() => $"{Definition.Code} {Value} {Unit.Unit}";
    }

    public static class Arbitraries
    {
        private static readonly (ObservationDefinition Definition, UnitConversion Unit)[] Units =
            ObservationCatalog.Default.Definitions
                .Where(d => d.Kind == ValueKind.Quantity)
                .SelectMany(d => d.Units.Values.Select(u => (d, u)))
                .OrderBy(x => x.d.Code, StringComparer.Ordinal).ThenBy(x => x.u.Unit, StringComparer.Ordinal)
                .ToArray();

        /// <summary>Values in the reported unit spanning the hard limits and a tenth of their width either side.</summary>
        public static Arbitrary<Sent> Values() =>
            (from pair in Gen.Elements(Units)
             let range = ReportedRange(pair.Definition, pair.Unit)
             from hundredths in Gen.Choose((int)(range.Low * 100), (int)(range.High * 100))
             select new Sent(pair.Definition, pair.Unit, hundredths / 100m))
            .ToArbitrary();

        private static (decimal Low, decimal High) ReportedRange(ObservationDefinition definition, UnitConversion unit)
        {
            var hard = definition.HardLimits!;
            var min = hard.Min ?? 0m;
            var max = hard.Max ?? min + 1000m;
            var margin = (max - min) / 10m;
            var a = unit.FromCanonical(min - margin);
            var b = unit.FromCanonical(max + margin);
            // Keep the generated integers within Gen.Choose's range.
            var cap = 20_000_000m;
            return (Math.Max(-cap, Math.Min(a, b)), Math.Min(cap, Math.Max(a, b)));
        }
    }

    [Fact]
    public void Every_quantity_code_has_hard_limits_and_a_unit()
    {
        foreach (var definition in ObservationCatalog.Default.Definitions.Where(d => d.Kind == ValueKind.Quantity))
        {
            Assert.NotNull(definition.HardLimits);
            // Not always the canonical one: LOINC 14682-9 is creatinine in µmol/L only.
            Assert.NotEmpty(definition.Units);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 500)]
    public void Converting_to_canonical_and_back_gives_the_value_sent(Sent sent)
    {
        var back = sent.Unit.FromCanonical(sent.Unit.ToCanonical(sent.Value));

        Assert.True(Math.Abs(back - sent.Value) <= 1e-20m * Math.Max(1m, Math.Abs(sent.Value)), $"{sent} came back as {back}");
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 500)]
    public void A_quantity_is_accepted_exactly_when_it_is_within_hard_limits(Sent sent)
    {
        var canonical = sent.Unit.ToCanonical(sent.Value);
        var result = Normalise(sent.Definition.Code, sent.Value, sent.Unit.Unit);

        var within = sent.Definition.HardLimits!.Contains(canonical);
        Assert.Equal(within, result.IsAccepted);
        if (within)
        {
            Assert.Equal(canonical, result.Observation!.Quantity);
            Assert.Equal(sent.Value, result.Observation.ReportedQuantity);
            Assert.Equal(sent.Unit.Unit, result.Observation.ReportedUnit);
        }
        else
        {
            Assert.Equal(RejectionKind.OutsideHardLimits, result.Rejection!.Kind);
            Assert.Equal("value", result.Rejection.Field);
            Assert.StartsWith(sent.Definition.Label, result.Rejection.Message, StringComparison.Ordinal);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300)]
    public void The_same_quantity_in_any_accepted_unit_normalises_to_the_same_value(Sent sent)
    {
        var canonical = sent.Unit.ToCanonical(sent.Value);
        foreach (var other in sent.Definition.Units.Values)
        {
            var result = Normalise(sent.Definition.Code, other.FromCanonical(canonical), other.Unit);
            // Exactly on a limit, a conversion's last decimal digit may fall either side; the limit itself is tested above.
            if (!OnALimit(sent.Definition.HardLimits!, canonical))
                Assert.Equal(sent.Definition.HardLimits!.Contains(canonical), result.IsAccepted);
            if (result.IsAccepted)
                Assert.True(Math.Abs(result.Observation!.Quantity - canonical) <= 1e-18m * Math.Max(1m, Math.Abs(canonical)),
                    $"{sent} sent as {other.Unit} normalised to {result.Observation.Quantity}, not {canonical}");
        }
    }

    [Property(MaxTest = 200)]
    public void A_unit_outside_the_code_table_is_rejected_never_guessed(NonEmptyString unit, decimal value)
    {
        foreach (var definition in ObservationCatalog.Default.Definitions.Where(d => d.Kind == ValueKind.Quantity))
        {
            if (definition.Units.ContainsKey(unit.Get)) continue;
            var result = Normalise(definition.Code, value, unit.Get);
            Assert.False(result.IsAccepted);
            Assert.Equal("unit", result.Rejection!.Field);
            Assert.Equal(RejectionKind.UnitNotValidForCode, result.Rejection.Kind);
        }
    }

    private static bool OnALimit(ValueRange range, decimal value) =>
        (range.Min is { } min && Math.Abs(value - min) < 1e-15m) || (range.Max is { } max && Math.Abs(value - max) < 1e-15m);

    private static NormalisationResult Normalise(string code, decimal value, string unit) =>
        ObservationNormaliser.Default.Normalise(new ObservationInput("p-1", code, ObservationValue.Of(value), unit, At), At, At);
}
