using static TrialMonitor.Server.Security.TrialMonitorRoles;

namespace TrialMonitor.Server.Security;

/// <summary>How the center a request acts on is found, for center-scoped rules.</summary>
public enum CenterScope
{
    /// <summary>Trial-wide or configuration-wide: the role is enough.</summary>
    None,

    /// <summary>The <c>{centerId}</c> route value.</summary>
    Center,

    /// <summary>The center part of the <c>{alertId}</c> route value.</summary>
    Alert,

    /// <summary>The center part of the <c>{draftId}</c> route value.</summary>
    Draft,

    /// <summary>The center the <c>{patientId}</c> route value is enrolled at (an unknown patient is the endpoint's 404).</summary>
    Patient,

    /// <summary>
    /// The center of the quarantine row named by the <c>{quarantineId}</c> route value; a row without a center (its
    /// patient was not known) belongs to <c>_unassigned</c>, which only a caller of every center ('*') works at. An
    /// unknown row is the endpoint's 404.
    /// </summary>
    Quarantine,

    /// <summary>Checked by the endpoint itself against what the body names (enrolment, observation batches).</summary>
    Body,
}

public sealed record AccessRule(CenterScope Scope, params string[] Roles);

/// <summary>
/// Who may call what (issue 5 "Authorization"), in one table: method and route pattern → roles and how the center
/// is found. An /api endpoint missing from the table is refused to everyone, so that a new endpoint is closed
/// until someone decides who may use it.
/// </summary>
public static class AccessRules
{
    public static IReadOnlyDictionary<string, AccessRule> Table { get; } = new Dictionary<string, AccessRule>(StringComparer.Ordinal)
    {
        ["PUT /api/v1/patients/{patientId}"] = new(CenterScope.Body, Device),
        ["POST /api/v1/observations"] = new(CenterScope.Body, Device),
        ["GET /api/v1/patients/{patientId}/status"] = new(CenterScope.Patient, Clinician, Investigator),
        ["POST /api/v1/patients/{patientId}/death"] = new(CenterScope.Patient, Clinician, Investigator),
        ["GET /api/v1/centers/{centerId}/alerts"] = new(CenterScope.Center, Clinician, Investigator),
        ["GET /api/v1/centers/{centerId}/summary"] = new(CenterScope.Center, Clinician, Investigator),
        ["GET /api/v1/centers/{centerId}/alert-quality"] = new(CenterScope.Center, Clinician, Investigator, Admin),
        ["POST /api/v1/alerts/{alertId}/acknowledge"] = new(CenterScope.Alert, Clinician, Investigator),
        ["POST /api/v1/alerts/{alertId}/resolve"] = new(CenterScope.Alert, Clinician, Investigator),
        ["GET /api/v1/alerts/{alertId}/attempts"] = new(CenterScope.Alert, Clinician, Investigator, Admin),
        ["GET /api/v1/centers/{centerId}/on-call"] = new(CenterScope.Center, Clinician, Investigator, Admin),
        ["GET /api/v1/centers/{centerId}/on-call/now"] = new(CenterScope.Center, Clinician, Investigator, Admin),
        ["PUT /api/v1/centers/{centerId}/on-call"] = new(CenterScope.Center, Admin),
        ["PUT /api/v1/centers/{centerId}/webhook"] = new(CenterScope.Center, Admin),
        ["GET /api/v1/centers/{centerId}/webhook"] = new(CenterScope.Center, Admin),
        ["DELETE /api/v1/centers/{centerId}/webhook"] = new(CenterScope.Center, Admin),
        ["GET /api/v1/centers/{centerId}/webhook/pending"] = new(CenterScope.Center, Admin),
        ["GET /api/v1/centers/{centerId}/webhook/dead-letters"] = new(CenterScope.Center, Admin),
        ["POST /api/v1/centers/{centerId}/webhook/dead-letters/{notificationId}/retry"] = new(CenterScope.Center, Admin),
        ["GET /api/v1/centers/{centerId}/sae-drafts"] = new(CenterScope.Center, Investigator),
        ["POST /api/v1/sae-drafts/{draftId}/clocks/{clock}/complete"] = new(CenterScope.Draft, Investigator),
        ["GET /api/v1/centers/{centerId}/quarantine"] = new(CenterScope.Center, DataManager),
        ["POST /api/v1/quarantine/{quarantineId}/release"] = new(CenterScope.Quarantine, DataManager),
        ["POST /api/v1/quarantine/{quarantineId}/discard"] = new(CenterScope.Quarantine, DataManager),
        ["GET /api/v1/centers/{centerId}/patients"] = new(CenterScope.Center, Clinician, Investigator),
        ["GET /api/v1/patients/{patientId}/timeline"] = new(CenterScope.Patient, Clinician, Investigator),
        ["GET /api/v1/trials/{trialId}/summary"] = new(CenterScope.None, Sponsor, Dsmb, Admin),
        ["GET /api/v1/trials/{trialId}/alert-quality"] = new(CenterScope.None, Sponsor, Dsmb, Admin),
        // The safety board's report names no patient, but shows small per-center counts: the board and admins only.
        ["GET /api/v1/trials/{trialId}/safety-report"] = new(CenterScope.None, Dsmb, Admin),
        // Trial-level safety-signal alerts: the board, and sponsors (their medical monitor is told of each crossing).
        ["GET /api/v1/trials/{trialId}/safety-signals"] = new(CenterScope.None, Sponsor, Dsmb, Admin),
        ["GET /api/v1/audit"] = new(CenterScope.None, Admin),
        ["GET /api/v1/audit/verify"] = new(CenterScope.None, Admin),
    };

    public static AccessRule? For(string method, string? routePattern) =>
        routePattern is not null && Table.TryGetValue($"{method} {routePattern}", out var rule) ? rule : null;
}
