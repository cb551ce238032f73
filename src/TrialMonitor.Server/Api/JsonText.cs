using System.Buffers.Text;
using System.Text.Unicode;

namespace TrialMonitor.Server.Api;

/// <summary>
/// The raw text of a JSON string (between its quotes, escapes as sent), checked and decoded without allocating.
/// Senders escape freely (System.Text.Json writes "+" as \u002B), so escapes are the common case, not the odd one.
/// The document parser has already checked the escapes' syntax.
/// </summary>
internal static class JsonText
{
    public enum Fault
    {
        None,
        InvalidUnicode,
        Nul,
    }

    /// <summary>Whether the text decodes to valid Unicode (no invalid UTF-8, no lone surrogate) without a NUL.</summary>
    public static Fault Check(ReadOnlySpan<byte> raw)
    {
        // Escapes are ASCII, so this covers every byte that is not part of one.
        if (!Utf8.IsValid(raw)) return Fault.InvalidUnicode;
        for (var i = NextEscape(raw, 0); i >= 0; )
        {
            if (raw[i + 1] != (byte)'u')
            {
                i = NextEscape(raw, i + 2);
                continue;
            }

            var unit = Hex(raw.Slice(i + 2, 4));
            if (unit == 0) return Fault.Nul;
            if (char.IsLowSurrogate((char)unit)) return Fault.InvalidUnicode;
            if (!char.IsHighSurrogate((char)unit))
            {
                i = NextEscape(raw, i + 6);
                continue;
            }

            var pairsWithLow = i + 12 <= raw.Length && raw[i + 6] == (byte)'\\' && raw[i + 7] == (byte)'u'
                && char.IsLowSurrogate((char)Hex(raw.Slice(i + 8, 4)));
            if (!pairsWithLow) return Fault.InvalidUnicode;
            i = NextEscape(raw, i + 12);
        }

        return Fault.None;
    }

    /// <summary>
    /// Decodes text that is ASCII once unescaped (times, codes) into <paramref name="destination"/>; false for anything
    /// else or when it does not fit, and the caller then decodes it the ordinary way.
    /// </summary>
    public static bool TryDecodeAscii(ReadOnlySpan<byte> raw, Span<char> destination, out int length)
    {
        length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (length == destination.Length) return false;
            var b = raw[i];
            if (b >= 0x80) return false;
            if (b != (byte)'\\')
            {
                destination[length++] = (char)b;
                continue;
            }

            var kind = raw[++i];
            if (kind == (byte)'u')
            {
                var unit = Hex(raw.Slice(i + 1, 4));
                if (unit >= 0x80) return false;
                destination[length++] = (char)unit;
                i += 4;
                continue;
            }

            destination[length++] = kind switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                _ => (char)kind, // \" \\ \/
            };
        }

        return true;
    }

    private static int NextEscape(ReadOnlySpan<byte> raw, int from)
    {
        if (from >= raw.Length) return -1;
        var next = raw[from..].IndexOf((byte)'\\');
        return next < 0 ? -1 : from + next;
    }

    private static int Hex(ReadOnlySpan<byte> digits) =>
        Utf8Parser.TryParse(digits, out ushort value, out var consumed, 'X') && consumed == 4 ? value : throw new FormatException("not a JSON \\u escape");
}
