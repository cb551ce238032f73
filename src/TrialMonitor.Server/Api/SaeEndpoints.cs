using System.Text.Json;
using TrialMonitor.Clinical.Sae;
using TrialMonitor.Contracts.Patients;
using TrialMonitor.Contracts.Sae;
using TrialMonitor.Grains;
using TrialMonitor.Grains.Sae;
using TrialMonitor.Server.Hosting;
using TrialMonitor.Server.Security;

namespace TrialMonitor.Server.Api;

/// <summary>Serious adverse event drafts and their reporting clocks (rules.md 10.3 "regulatory"), and death reports.</summary>
internal static class SaeEndpoints
{
    // A death reported a little ahead of this server's clock is a clock difference, not a prediction.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static void MapSaeEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/centers/{centerId}/sae-drafts", async (string centerId, IGrainFactory grains) =>
            Identifiers.Problem("centerId", centerId) is { } bad ? Problems.BadRequest(bad) : Results.Ok(await grains.GetGrain<ISaeGrain>(centerId).GetDraftsAsync()));
        routes.MapPost("/api/v1/sae-drafts/{draftId}/clocks/{clock}/complete", CompleteClockAsync).WithSmallBody();
        routes.MapPost("/api/v1/patients/{patientId}/death", ReportDeathAsync).WithSmallBody();
    }

    private static async Task<IResult> CompleteClockAsync(string draftId, string clock, HttpContext context, IGrainFactory grains)
    {
        if (!SaeClockNames.IsKnown(clock))
            return Problems.BadRequest($"clock: '{Shorten(clock)}' is not one of {string.Join(", ", SaeClockNames.All)}");
        if (SaeDraftIds.CenterOf(draftId) is not { } centerId || Identifiers.Problem("centerId", centerId) is not null)
            return Problems.NotFound($"draftId: '{Shorten(draftId)}' is not an SAE draft id of this service");

        // Who comes from the caller's bearer token.
        var by = context.User.Who();
        var result = await grains.GetGrain<ISaeGrain>(centerId).CompleteClockAsync(draftId, clock, by);
        context.Items[AuditMiddleware.BeforeItem] = result.Before;
        return result.Outcome switch
        {
            SaeClockOutcome.Completed => Results.Ok(result.Draft),
            SaeClockOutcome.AlreadyCompleted => Problems.Conflict(result.Detail ?? $"clock: {clock} is already completed"),
            SaeClockOutcome.UnknownClock => Problems.BadRequest(result.Detail ?? $"clock: '{clock}' is not a clock of an SAE draft"),
            _ => Problems.NotFound(result.Detail ?? $"draftId: no SAE draft '{draftId}'"),
        };
    }

    private static async Task<IResult> ReportDeathAsync(string patientId, HttpContext context, IGrainFactory grains, TimeProvider time)
    {
        if (Identifiers.Problem("patientId", patientId) is { } badId) return Problems.BadRequest(badId);
        DateTimeOffset diedAt;
        string? cause = null;
        var (document, bodyProblem) = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (bodyProblem is not null) return bodyProblem;
        using (document)
        {
            var body = document!.RootElement;
            if (body.ValueKind != JsonValueKind.Object) return Problems.BadRequest("the body must be a JSON object { \"diedAt\": \"...\", \"cause\": \"...\" }");
            if (!body.TryGetProperty("diedAt", out var died) || died.ValueKind == JsonValueKind.Null)
                return Problems.BadRequest("diedAt: is required, an ISO-8601 time with an offset (e.g. 2026-03-03T14:05:00+01:00)");
            if (died.ValueKind != JsonValueKind.String || !ObservationRequestParser.TryParseTime(died.GetString()!, out diedAt))
                return Problems.BadRequest($"diedAt: {Shorten(died.GetRawText())} is not an ISO-8601 time with an offset (e.g. 2026-03-03T14:05:00+01:00)");
            if (diedAt > time.GetUtcNow() + ClockSkew)
                return Problems.BadRequest($"diedAt: {diedAt:O} is in the future");
            if (body.TryGetProperty("cause", out var c) && c.ValueKind != JsonValueKind.Null)
            {
                if (c.ValueKind != JsonValueKind.String) return Problems.BadRequest("cause: must be a string");
                cause = c.GetString();
                if (cause!.Length > 2000) return Problems.BadRequest("cause: at most 2,000 characters");
            }
        }

        // The patient's enrolment says which center's drafts the death belongs to.
        if (await grains.Patient(patientId).GetStatusAsync() is not { } status)
            return Problems.NotFound($"patientId: patient '{patientId}' is not enrolled");

        var by = context.User.Who();
        var result = await grains.GetGrain<ISaeGrain>(status.CenterId).ReportDeathAsync(status.TrialId, patientId, diedAt, cause, by);
        return result.Created
            ? Results.Created($"/api/v1/centers/{status.CenterId}/sae-drafts", result.Draft)
            : Results.Ok(result.Draft);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
