using System.Text.RegularExpressions;

namespace TrialMonitor.Server.Api;

/// <summary>Pseudonymous subject ids, center and trial ids: short, URL-safe, no spaces (nothing that looks like a name).</summary>
internal static partial class Identifiers
{
    public const int MaxLength = 64;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Pattern();

    public static string? Problem(string field, string? value)
    {
        if (string.IsNullOrEmpty(value)) return $"{field} is required";
        return Pattern().IsMatch(value)
            ? null
            : $"{field} '{Truncate(value)}' is not a valid identifier: use 1–{MaxLength} letters, digits, '.', '_' or '-', starting with a letter or digit";
    }

    private static string Truncate(string value) => value.Length <= MaxLength ? value : value[..MaxLength] + "…";
}
