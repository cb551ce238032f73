using TrialMonitor.Contracts.Trials;
using TrialMonitor.Server.Security;

namespace TrialMonitor.Server.Api;

/// <summary>A trial across its centers, de-identified (<see cref="SponsorView"/>): for sponsors, the safety board and admins.</summary>
internal static class TrialEndpoints
{
    public static void MapTrialEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/v1/trials/{trialId}/summary", async (string trialId, IGrainFactory grains) =>
            Identifiers.Problem("trialId", trialId) is { } bad
                ? Problems.BadRequest(bad)
                : Results.Json(SponsorView.Of(await grains.GetGrain<ITrialGrain>(trialId).GetSummaryAsync())));
}
