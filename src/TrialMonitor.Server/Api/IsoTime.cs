namespace TrialMonitor.Server.Api;

/// <summary>
/// The one shape every device sends, <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)</c>, read digit by digit. The general
/// parser (<see cref="DateTimeOffset.TryParse(ReadOnlySpan{char}, IFormatProvider?, System.Globalization.DateTimeStyles, out DateTimeOffset)"/>)
/// tokenises against the culture's formats and was 2 % of the server's CPU at saturating ingest; a time of any other
/// shape is left to it, so what is accepted, and as what, does not change.
/// </summary>
internal static class IsoTime
{
    /// <summary>True with the time when <paramref name="text"/> has the common shape and is a valid time; false otherwise (not a verdict).</summary>
    public static bool TryParseCommon(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        // 2026-03-03T14:05:00Z is the shortest: 20 characters.
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return false;
        if (!TryDigits(text[..4], out var year) || !TryDigits(text[5..7], out var month) || !TryDigits(text[8..10], out var day)
            || !TryDigits(text[11..13], out var hour) || !TryDigits(text[14..16], out var minute) || !TryDigits(text[17..19], out var second)) return false;

        var at = 19;
        long fractionTicks = 0;
        if (text[at] == '.')
        {
            // Up to 7 digits, one tick each at the seventh; longer fractions (rounded by the general parser) go to it.
            var start = ++at;
            while (at < text.Length && char.IsAsciiDigit(text[at])) at++;
            var digits = at - start;
            if (digits is 0 or > 7) return false;
            _ = TryDigits(text[start..at], out var fraction);
            fractionTicks = fraction;
            for (var i = digits; i < 7; i++) fractionTicks *= 10;
        }

        TimeSpan offset;
        var rest = text[at..];
        if (rest is ['Z'])
        {
            offset = TimeSpan.Zero;
        }
        else if (rest is [var sign and ('+' or '-'), _, _, ':', _, _] && TryDigits(rest[1..3], out var offsetHours) && TryDigits(rest[4..6], out var offsetMinutes)
                 && offsetMinutes < 60 && offsetHours * 60 + offsetMinutes <= 14 * 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (sign == '-') offset = -offset;
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        // The UTC instant must itself be a representable time (as the general parser requires).
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks) return false;
        value = new DateTimeOffset(local, offset);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }

        return true;
    }
}
