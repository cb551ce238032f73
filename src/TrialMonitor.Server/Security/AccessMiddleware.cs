using Microsoft.AspNetCore.Routing.Patterns;
using TrialMonitor.Contracts.Patients;
using TrialMonitor.Grains;
using TrialMonitor.Grains.Patients;
using TrialMonitor.Grains.Sae;
using TrialMonitor.Persistence;
using TrialMonitor.Server.Api;

namespace TrialMonitor.Server.Security;

/// <summary>
/// Enforces <see cref="AccessRules"/> on /api and requires a token on the hub (whose methods check roles and centers
/// themselves): 401 without a valid token, 403 when the role or the center does not fit. The same check runs for
/// REST and hub alike through <see cref="Caller"/>.
/// </summary>
internal sealed class AccessMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IGrainFactory grains)
    {
        var path = context.Request.Path;
        var isHub = path.StartsWithSegments("/hubs", StringComparison.Ordinal);
        if (!isHub && !path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            await next(context);
            return;
        }

        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problems.Unauthorized("a bearer token is required (Authorization: Bearer …, or access_token on the hub)").ExecuteAsync(context);
            return;
        }

        if (isHub)
        {
            await next(context);
            return;
        }

        var rule = AccessRules.For(context.Request.Method, (endpoint as RouteEndpoint)?.RoutePattern.RawText);
        if (rule is null)
        {
            await Problems.Forbidden("this endpoint has no access rule, so nobody may call it").ExecuteAsync(context);
            return;
        }

        if (!user.HasAnyRole(rule.Roles))
        {
            await Problems.Forbidden($"role: this needs one of {string.Join(", ", rule.Roles)}").ExecuteAsync(context);
            return;
        }

        var centerId = await CenterOfAsync(rule.Scope, context.Request.RouteValues, grains, context.RequestServices);
        if (centerId is not null && !user.WorksAt(centerId))
        {
            await Problems.Forbidden($"centerId: the caller does not work for center '{centerId}'").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static async Task<string?> CenterOfAsync(CenterScope scope, RouteValueDictionary values, IGrainFactory grains, IServiceProvider services) => scope switch
    {
        CenterScope.Center => values["centerId"] as string,
        CenterScope.Alert => values["alertId"] is string alertId ? AlertIds.CenterOf(alertId) : null,
        CenterScope.Draft => values["draftId"] is string draftId ? SaeDraftIds.CenterOf(draftId) : null,
        CenterScope.Patient => values["patientId"] is string patientId && Identifiers.Problem("patientId", patientId) is null
            ? (await grains.Patient(patientId).GetEnrolmentAsync())?.CenterId
            : null,
        CenterScope.Quarantine => values["quarantineId"] is string quarantineId && long.TryParse(quarantineId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            && await services.GetRequiredService<IQuarantineReview>().GetQuarantinedAsync(id) is { } row
            ? row.CenterId ?? IQuarantineReview.Unassigned
            : null,
        _ => null,
    };
}
