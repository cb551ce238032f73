using System.Globalization;
using TrialMonitor.Clinical.Tests.Support;

namespace TrialMonitor.Safety.Tests;

/// <summary>
/// safety-statistics.md read from ../shared, and numbers formatted to the digits a fragment shows. A test row names
/// the fragment as it appears in the document; the fragment must be there, so that a changed document fails the row
/// instead of silently testing a number nobody published.
/// </summary>
internal static class WorkedNumbers
{
    private static readonly Lazy<string> Document = new(() => File.ReadAllText(SharedFiles.Path("clinical", "safety-statistics.md")));

    public static void AssertInDocument(string fragment) =>
        Assert.True(Document.Value.Contains(fragment, StringComparison.Ordinal), $"safety-statistics.md no longer contains \"{fragment}\"");

    public static string Fixed(double value, int decimals) =>
        value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Formats like the document: a minus sign (U+2212) for negatives.</summary>
    public static string Signed(double value, int decimals) => Fixed(value, decimals).Replace("-", "−", StringComparison.Ordinal);
}
