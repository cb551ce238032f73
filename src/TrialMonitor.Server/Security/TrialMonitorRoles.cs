namespace TrialMonitor.Server.Security;

/// <summary>The roles of a caller (issue 5 "Authorization"), carried as <c>role</c> claims of the bearer token.</summary>
public static class TrialMonitorRoles
{
    /// <summary>Reads status, alerts and timelines of patients of their centers; acknowledges and resolves those alerts.</summary>
    public const string Clinician = "clinician";

    /// <summary>As a clinician for their centers, plus the centers' SAE drafts.</summary>
    public const string Investigator = "investigator";

    /// <summary>Trial and center aggregates only: no patient id, no patient-level rows, counts under 3 shown as "&lt;3".</summary>
    public const string Sponsor = "sponsor";

    /// <summary>The trial's safety reports.</summary>
    public const string Dsmb = "dsmb";

    /// <summary>Reviews quarantined observations of their centers.</summary>
    public const string DataManager = "data-manager";

    /// <summary>A bedside device or interface engine: posts observations and enrolments for its centers only.</summary>
    public const string Device = "device";

    /// <summary>Configuration: on-call schedules, webhooks, the audit trail.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Clinician, Investigator, Sponsor, Dsmb, DataManager, Device, Admin];

    /// <summary>The claim that names a center the caller works for; <see cref="AllCenters"/> stands for every center.</summary>
    public const string CenterClaim = "center";

    public const string AllCenters = "*";
}
