namespace TrialMonitor.Clinical.Observations;

/// <summary>
/// A conversion from a reported UCUM unit to the code's canonical unit:
/// canonical = (reported + <see cref="Offset"/>) × <see cref="Multiplier"/> ÷ <see cref="Divisor"/>.
/// Decimal arithmetic in this order keeps the published identities exact (100.4 [degF] is 38.0 Cel).
/// </summary>
public sealed record UnitConversion(string Unit, decimal Multiplier = 1m, decimal Divisor = 1m, decimal Offset = 0m)
{
    public static UnitConversion Identity(string unit) => new(unit);

    public decimal ToCanonical(decimal reported) => (reported + Offset) * Multiplier / Divisor;

    public decimal FromCanonical(decimal canonical) => canonical * Divisor / Multiplier - Offset;
}

/// <summary>An inclusive range of acceptable values in a code's canonical unit; a missing bound is open.</summary>
public sealed record ValueRange(decimal? Min, decimal? Max)
{
    public bool Contains(decimal value) => (Min is null || value >= Min) && (Max is null || value <= Max);

    public string Describe(string? unit)
    {
        var suffix = string.IsNullOrEmpty(unit) ? "" : " " + unit;
        return (Min, Max) switch
        {
            ({ } min, { } max) => $"{Numbers.Format(min)}–{Numbers.Format(max)}{suffix}",
            ({ } min, null) => $"at least {Numbers.Format(min)}{suffix}",
            (null, { } max) => $"at most {Numbers.Format(max)}{suffix}",
            _ => "any value",
        };
    }
}

internal static class Numbers
{
    /// <summary>Formats without trailing zeros beyond what was sent and without exponent notation.</summary>
    public static string Format(decimal value) => value.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture);

    public static string Format(decimal value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture);
}
