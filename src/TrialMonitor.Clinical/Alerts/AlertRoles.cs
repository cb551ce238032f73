namespace TrialMonitor.Clinical.Alerts;

/// <summary>The roles alerts are routed to (rules.md 10.3 "Who is notified"). A center's on-call schedule says who holds each.</summary>
public static class AlertRoles
{
    public const string BedsideNurse = "bedside-nurse";
    public const string CarTPhysicianOnCall = "cart-physician-on-call";
    public const string CarTAttending = "cart-attending";
    public const string IcuOutreach = "icu-outreach";
    public const string Neurology = "neurology";
    public const string DataManager = "data-manager";
    public const string PrincipalInvestigator = "principal-investigator";
    public const string SponsorMedicalMonitor = "sponsor-medical-monitor";
    public const string SafetyBoard = "safety-board";

    public static IReadOnlyList<string> All { get; } =
        [BedsideNurse, CarTPhysicianOnCall, CarTAttending, IcuOutreach, Neurology, DataManager, PrincipalInvestigator, SponsorMedicalMonitor, SafetyBoard];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
