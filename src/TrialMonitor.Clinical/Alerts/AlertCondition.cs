namespace TrialMonitor.Clinical.Alerts;

/// <summary>Alert kinds of the contract (api.md "Alerts").</summary>
public static class AlertKinds
{
    public const string Crs = "crs";
    public const string Icans = "icans";
    public const string FebrileNeutropenia = "febrile-neutropenia";
    public const string News2 = "news2";
    public const string IecHs = "iec-hs";
    public const string Icaht = "icaht";
    public const string Qsofa = "qsofa";
    public const string MissingData = "missing-data";

    /// <summary>A serious adverse event draft passed one of its reporting deadlines (ICH E2A); raised by the center, not a patient rule.</summary>
    public const string SaeOverdue = "sae-overdue";

    /// <summary>The kinds the patient rules evaluate (<see cref="AlertPolicy"/>).</summary>
    public static IReadOnlyList<string> All { get; } = [Crs, Icans, FebrileNeutropenia, News2, IecHs, Icaht, Qsofa, MissingData];
}

/// <summary>Severities of the contract: rules.md 10.3 "low"/"data" map to info, "urgent" and "emergency" as named.</summary>
public static class AlertSeverities
{
    public const string Info = "info";
    public const string Urgent = "urgent";
    public const string Emergency = "emergency";

    public static int Rank(string severity) => severity switch
    {
        Emergency => 2,
        Urgent => 1,
        _ => 0,
    };
}

/// <summary>
/// A condition that warrants an alert now. <see cref="Rank"/> orders conditions of one kind: an alert is updated
/// (and notifies again) only when the rank rises (rules.md 10.3 "re-notify only on grade increase").
/// </summary>
public sealed record AlertCondition(string Kind, int Rank, int? Grade, string Severity, string Reason, DateTimeOffset? EffectiveAt);
