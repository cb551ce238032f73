using System.Text.Json;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Notifications;
using TrialMonitor.Grains.Notifications;
using TrialMonitor.Server.Hosting;

namespace TrialMonitor.Server.Api;

/// <summary>
/// A center's on-call schedule (who holds each role when), read and replaced whole; and who holds each role now.
/// Roles are those of rules.md 10.3 (<see cref="AlertRoles"/>).
/// </summary>
internal static class OnCallEndpoints
{
    private const int MaxShifts = 5000;

    public static void MapOnCallEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/centers/{centerId}/on-call", async (string centerId, IGrainFactory grains) =>
            Identifiers.Problem("centerId", centerId) is { } bad ? Problems.BadRequest(bad) : Results.Ok(await grains.GetGrain<ICenterGrain>(centerId).GetOnCallAsync()));
        routes.MapGet("/api/v1/centers/{centerId}/on-call/now", async (string centerId, IGrainFactory grains, TimeProvider clock) =>
        {
            if (Identifiers.Problem("centerId", centerId) is { } bad) return Problems.BadRequest(bad);
            var shifts = await grains.GetGrain<ICenterGrain>(centerId).GetOnCallAsync();
            return Results.Ok(OnCallRoster.Resolve(shifts, AlertRoles.All, clock.GetUtcNow()));
        });
        routes.MapPut("/api/v1/centers/{centerId}/on-call", ReplaceAsync).WithBodyLimit(RequestSizeLimits.OnCallBodyBytes);
    }

    private static async Task<IResult> ReplaceAsync(string centerId, HttpRequest request, IGrainFactory grains)
    {
        if (Identifiers.Problem("centerId", centerId) is { } bad) return Problems.BadRequest(bad);
        var (document, bodyProblem) = await JsonBody.ReadAsync(request, request.HttpContext.RequestAborted);
        if (bodyProblem is not null) return bodyProblem;
        using (document)
        {
            if (document!.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("shifts", out var array) || array.ValueKind != JsonValueKind.Array)
                return Problems.BadRequest("shifts: required, an array of { role, person, contact, from, to }");
            if (array.GetArrayLength() > MaxShifts) return Problems.BadRequest($"shifts: at most {MaxShifts:N0}");
            var shifts = new List<OnCallShift>();
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) return Problems.BadRequest($"shifts[{i}]: must be an object");
                var role = Text(item, "role");
                var person = Text(item, "person");
                var contact = Text(item, "contact");
                if (!Time(item, "from", out var from)) return Problems.BadRequest($"shifts[{i}].from: required, an ISO-8601 time with offset");
                if (!Time(item, "to", out var to)) return Problems.BadRequest($"shifts[{i}].to: required, an ISO-8601 time with offset");
                shifts.Add(new OnCallShift(role ?? "", person ?? "", contact, from, to));
                i++;
            }

            if (OnCallRoster.Problem(shifts, AlertRoles.IsKnown) is { } problem)
                return Problems.BadRequest(problem.Contains(".role", StringComparison.Ordinal) ? $"{problem} (one of {string.Join(", ", AlertRoles.All)})" : problem);
            request.HttpContext.Items[AuditMiddleware.BeforeItem] = await grains.GetGrain<ICenterGrain>(centerId).GetOnCallAsync();
            try
            {
                await grains.GetGrain<ICenterGrain>(centerId).SetOnCallAsync(shifts);
            }
            catch (ArgumentException exception)
            {
                // The grain validates as this endpoint does; should the two ever differ, the caller still gets a 400.
                return Problems.BadRequest(exception);
            }

            return Results.Ok(await grains.GetGrain<ICenterGrain>(centerId).GetOnCallAsync());
        }
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Time(JsonElement item, string name, out DateTimeOffset time)
    {
        time = default;
        return item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && ObservationRequestParser.TryParseTime(value.GetString()!, out time);
    }
}
