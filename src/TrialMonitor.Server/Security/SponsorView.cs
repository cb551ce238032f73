using System.Text.Json.Nodes;
using TrialMonitor.Contracts.Trials;

namespace TrialMonitor.Server.Security;

/// <summary>
/// What sponsors see of a trial: per-center counts only, no patient id, and any count of 1 or 2 shown as "&lt;3" so
/// that a small center's numbers cannot single a patient out (issue 5; the usual small-cell rule of de-identified
/// health statistics). Zero stays zero: an absence identifies nobody.
/// </summary>
public static class SponsorView
{
    public const int SmallestShownCount = 3;

    public static JsonObject Of(TrialSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var centers = new JsonArray();
        foreach (var center in summary.Centers)
        {
            centers.Add(new JsonObject
            {
                ["centerId"] = center.CenterId,
                ["patientsEnrolled"] = Count(center.PatientsEnrolled),
                ["patientsInRiskWindow"] = Count(center.PatientsInRiskWindow),
                ["openAlertsBySeverity"] = Counts(center.OpenAlertsBySeverity),
                ["crsMaxGradeDistribution"] = Counts(center.CrsMaxGradeDistribution.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value)),
                ["icansMaxGradeDistribution"] = Counts(center.IcansMaxGradeDistribution.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value)),
            });
        }

        return new JsonObject
        {
            ["trialId"] = summary.TrialId,
            ["asOf"] = summary.AsOf,
            ["centers"] = centers,
        };
    }

    public static JsonNode Count(int count) => count is > 0 and < SmallestShownCount ? JsonValue.Create($"<{SmallestShownCount}") : JsonValue.Create(count);

    private static JsonObject Counts(IEnumerable<KeyValuePair<string, int>> counts)
    {
        var json = new JsonObject();
        foreach (var (key, value) in counts) json[key] = Count(value);
        return json;
    }
}
