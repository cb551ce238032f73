using TrialMonitor.Clinical.Alerts;

namespace TrialMonitor.Clinical.Sae;

/// <summary>What opens an SAE draft besides the alert kinds: a death, reported by a clinician.</summary>
public static class SaeTriggers
{
    public const string Death = "death";
}

/// <summary>Which alert events are serious adverse events to report (rules.md 10.3 row "regulatory").</summary>
public static class SaeCriteria
{
    /// <summary>Whether an alert event of <paramref name="kind"/> at <paramref name="grade"/> (null: ungraded) opens an SAE draft.</summary>
    public static bool Trigger(string kind, int? grade, SaeOptions? options = null)
    {
        options ??= SaeOptions.Default;
        return kind switch
        {
            // Any grade ≥ 3 CRS/ICANS, IEC-HS, grade 4 ICAHT, death (rules.md 10.3 "regulatory").
            AlertKinds.Crs => grade >= options.CrsFromGrade,
            AlertKinds.Icans => grade >= options.IcansFromGrade,
            AlertKinds.Icaht => grade >= options.IcahtFromGrade,
            AlertKinds.IecHs => options.IecHsFromGrade is not { } from || grade >= from,
            SaeTriggers.Death => true,
            _ => false,
        };
    }
}
