using System.Text.Json;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Grains.Patients;
using TrialMonitor.Server.Hosting;
using TrialMonitor.Server.Security;

namespace TrialMonitor.Server.Api;

/// <summary>Alert lists and transitions (api.md "Alerts").</summary>
internal static class AlertEndpoints
{
    private static readonly string[] Statuses = [AlertStatuses.Open, AlertStatuses.Acknowledged, AlertStatuses.Resolved];

    public static void MapAlertEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/centers/{centerId}/alerts", ListAsync);
        routes.MapGet("/api/v1/centers/{centerId}/summary", async (string centerId, IGrainFactory grains) =>
            Identifiers.Problem("centerId", centerId) is { } bad ? Problems.BadRequest(bad) : Results.Ok(await grains.GetGrain<ICenterGrain>(centerId).GetSummaryAsync()));
        routes.MapGet("/api/v1/centers/{centerId}/alert-quality", async (string centerId, IGrainFactory grains) =>
            Identifiers.Problem("centerId", centerId) is { } bad ? Problems.BadRequest(bad) : Results.Ok(await grains.GetGrain<ICenterGrain>(centerId).GetAlertQualityAsync()));
        routes.MapPost("/api/v1/alerts/{alertId}/acknowledge", (string alertId, HttpContext context, IGrainFactory grains) => TransitionAsync(alertId, AlertStatuses.Acknowledged, context, grains)).WithSmallBody();
        routes.MapPost("/api/v1/alerts/{alertId}/resolve", (string alertId, HttpContext context, IGrainFactory grains) => TransitionAsync(alertId, AlertStatuses.Resolved, context, grains)).WithSmallBody();
        routes.MapGet("/api/v1/alerts/{alertId}/attempts", async (string alertId, IGrainFactory grains) =>
            AlertIds.CenterOf(alertId) is { } centerId && Identifiers.Problem("centerId", centerId) is null
                ? Results.Ok(await grains.GetGrain<ICenterGrain>(centerId).GetAttemptsAsync(alertId))
                : Problems.NotFound($"alertId: '{alertId}' is not an alert id of this service"));
    }

    private static async Task<IResult> ListAsync(string centerId, string? status, string? afterSequence, IGrainFactory grains)
    {
        if (Identifiers.Problem("centerId", centerId) is { } bad) return Problems.BadRequest(bad);
        if (status is not null && !Statuses.Contains(status))
            return Problems.BadRequest($"status: '{status}' is not one of {string.Join(", ", Statuses)}");
        long after = 0;
        if (afterSequence is not null && (!long.TryParse(afterSequence, out after) || after < 0))
            return Problems.BadRequest($"afterSequence: '{afterSequence}' is not a whole number ≥ 0");
        return Results.Ok(await grains.GetGrain<ICenterGrain>(centerId).GetAlertsAsync(status, after));
    }

    private static async Task<IResult> TransitionAsync(string alertId, string toStatus, HttpContext context, IGrainFactory grains)
    {
        if (AlertIds.CenterOf(alertId) is not { } centerId || Identifiers.Problem("centerId", centerId) is not null)
            return Problems.NotFound($"alertId: '{alertId}' is not an alert id of this service");

        string? note = null;
        bool? actionable = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var (document, bodyProblem) = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
            if (bodyProblem is not null) return bodyProblem;
            using (document)
            {
                if (document!.RootElement.ValueKind != JsonValueKind.Object) return Problems.BadRequest("the body must be a JSON object { \"note\": \"...\" }");
                if (document.RootElement.TryGetProperty("note", out var n) && n.ValueKind != JsonValueKind.Null)
                {
                    if (n.ValueKind != JsonValueKind.String) return Problems.BadRequest("note: must be a string");
                    note = n.GetString();
                    if (note!.Length > 2000) return Problems.BadRequest("note: at most 2,000 characters");
                }

                if (document.RootElement.TryGetProperty("actionable", out var a) && a.ValueKind != JsonValueKind.Null)
                {
                    if (a.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return Problems.BadRequest("actionable: must be true or false");
                    actionable = a.GetBoolean();
                }
            }
        }

        // Resolving says whether the alert was worth raising: the measure of alert quality (positive predictive value).
        if (toStatus == AlertStatuses.Resolved && actionable is null)
            return Problems.BadRequest("actionable: required when resolving — was the alert clinically actionable (true or false)?");

        // Who comes from the caller's bearer token.
        var by = context.User.Who();
        var result = await grains.GetGrain<ICenterGrain>(centerId).TransitionAsync(alertId, toStatus, by, note, actionable);
        context.Items[AuditMiddleware.BeforeItem] = result.Before;
        if (!result.Found) return Problems.NotFound(result.Detail ?? $"alertId: no alert '{alertId}'");
        if (!result.Changed) return Problems.Conflict(result.Detail ?? "the alert cannot make that transition");
        return Results.Ok(result.Alert);
    }
}
