using System.Globalization;
using System.Text.Json.Nodes;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Patients;
using TrialMonitor.Contracts.Trials;
using TrialMonitor.Grains;
using TrialMonitor.Server.Security;

namespace TrialMonitor.Server.Api;

/// <summary>
/// Reads for the web dashboards: a center's patient list with 72 h trends, and one patient's timeline with its alert
/// history (clinicians and investigators of the center only), and a trial's de-identified alert counts for sponsors
/// (<see cref="AccessRules"/>).
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>The console's sparklines: temperature, systolic BP and SpO2 over the last 72 h (issue 6).</summary>
    private static readonly TimeSpan TrendWindow = TimeSpan.FromHours(72);

    private static readonly string[] TrendKeys = ["temperature", "systolicBloodPressure", "oxygenSaturation"];

    /// <summary>The longest timeline one request may ask for: the early ICAHT window and then some (90 days).</summary>
    private const int MaxTimelineHours = 24 * 90;

    public static void MapDashboardEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/centers/{centerId}/patients", ListPatientsAsync);
        routes.MapGet("/api/v1/patients/{patientId}/timeline", GetTimelineAsync);
        routes.MapGet("/api/v1/trials/{trialId}/alert-quality", GetTrialAlertQualityAsync);
    }

    /// <summary>
    /// Alert counts and time to acknowledge per center of a trial, for the sponsor's page: counts of 1–2 shown as
    /// "&lt;3" (<see cref="SponsorView"/>), and the acknowledgement times only where at least 3 alerts were
    /// acknowledged, so that no single alert's handling can be read off.
    /// </summary>
    private static async Task<IResult> GetTrialAlertQualityAsync(string trialId, IGrainFactory grains)
    {
        if (Identifiers.Problem("trialId", trialId) is { } bad) return Problems.BadRequest(bad);
        var summary = await grains.GetGrain<ITrialGrain>(trialId).GetSummaryAsync();
        var centers = new JsonArray();
        foreach (var center in summary.Centers)
        {
            var kinds = new JsonArray();
            foreach (var quality in await grains.GetGrain<ICenterGrain>(center.CenterId).GetAlertQualityAsync())
            {
                var shown = quality.Acknowledged >= SponsorView.SmallestShownCount;
                kinds.Add(new JsonObject
                {
                    ["kind"] = quality.Kind,
                    ["raised"] = SponsorView.Count(quality.Raised),
                    ["acknowledged"] = SponsorView.Count(quality.Acknowledged),
                    ["escalations"] = SponsorView.Count(quality.Escalations),
                    ["timeToAcknowledgeP50Seconds"] = shown ? quality.TimeToAcknowledgeP50Seconds : null,
                    ["timeToAcknowledgeP90Seconds"] = shown ? quality.TimeToAcknowledgeP90Seconds : null,
                });
            }

            centers.Add(new JsonObject { ["centerId"] = center.CenterId, ["patientsEnrolled"] = SponsorView.Count(center.PatientsEnrolled), ["kinds"] = kinds });
        }

        return Results.Json(new JsonObject { ["trialId"] = trialId, ["asOf"] = summary.AsOf, ["centers"] = centers });
    }

    private static async Task<IResult> ListPatientsAsync(string centerId, IGrainFactory grains, TimeProvider clock)
    {
        if (Identifiers.Problem("centerId", centerId) is { } bad) return Problems.BadRequest(bad);
        var summary = await grains.GetGrain<ICenterGrain>(centerId).GetSummaryAsync();
        var now = clock.GetUtcNow();
        var from = now - TrendWindow;
        var timelines = await Task.WhenAll(summary.Patients.Select(p => grains.Patient(p.PatientId).GetTimelineAsync(from, withGrades: false)));
        var patients = summary.Patients.Zip(timelines).Select(pair => new
        {
            pair.First.PatientId,
            pair.First.TrialId,
            pair.First.InfusionAt,
            // Day 0 is the infusion day (the census' convention), counted on the wall clock.
            DayPostInfusion = (int)Math.Floor((now - pair.First.InfusionAt).TotalDays),
            pair.First.CrsGrade,
            pair.First.CrsMaxGrade,
            pair.First.IcansGrade,
            pair.First.IcansMaxGrade,
            pair.First.FebrileNeutropeniaActive,
            pair.First.News2Total,
            pair.First.IcahtGrade,
            pair.First.LastVitalSignAt,
            Trends = (pair.Second?.Series ?? []).Where(s => TrendKeys.Contains(s.Key)).ToDictionary(s => s.Key, s => s),
        }).OrderBy(p => p.PatientId, StringComparer.Ordinal).ToArray();
        return Results.Ok(new { summary.CenterId, AsOf = now, From = from, Patients = patients });
    }

    private static async Task<IResult> GetTimelineAsync(string patientId, string? hours, IGrainFactory grains, TimeProvider clock)
    {
        if (Identifiers.Problem("patientId", patientId) is { } bad) return Problems.BadRequest(bad);
        var windowHours = 72;
        if (hours is not null && (!int.TryParse(hours, NumberStyles.None, CultureInfo.InvariantCulture, out windowHours) || windowHours is < 1 or > MaxTimelineHours))
            return Problems.BadRequest($"hours: '{hours}' is not a whole number of hours from 1 to {MaxTimelineHours}");

        var patient = grains.Patient(patientId);
        var timeline = await patient.GetTimelineAsync(clock.GetUtcNow().AddHours(-windowHours), withGrades: true);
        var status = await patient.GetStatusAsync();
        if (timeline is null || status is null) return Problems.NotFound($"patientId: patient '{patientId}' is not enrolled");
        var alerts = (await grains.GetGrain<ICenterGrain>(timeline.CenterId).GetEventsAfterAsync(0))
            .Where(a => a.PatientId == patientId)
            .ToArray();
        return Results.Ok(new { Timeline = timeline, Status = status, AlertEvents = alerts });
    }
}
