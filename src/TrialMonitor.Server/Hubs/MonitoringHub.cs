using Microsoft.AspNetCore.SignalR;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Trials;
using TrialMonitor.Server.Api;

namespace TrialMonitor.Server.Hubs;

/// <summary>
/// <c>/hubs/monitoring</c> (api.md "Live push"). A client joins the center's group first and then reads the events
/// after its last sequence, so nothing falls between the two; an event may arrive both ways, and clients skip
/// sequences they have already seen.
/// </summary>
public sealed class MonitoringHub(IGrainFactory grains) : Hub
{
    public static string CenterGroup(string centerId) => "center:" + centerId;

    public static string TrialGroup(string trialId) => "trial:" + trialId;

    public static string RoleGroup(string centerId, string role) => $"center:{centerId}:role:{role}";

    public async Task<IReadOnlyList<Alert>> JoinCenter(string centerId, long afterSequence)
    {
        if (Identifiers.Problem("centerId", centerId) is { } problem) throw new HubException(problem);
        if (afterSequence < 0) throw new HubException("afterSequence: must be ≥ 0");
        await Groups.AddToGroupAsync(Context.ConnectionId, CenterGroup(centerId));
        return await grains.GetGrain<ICenterGrain>(centerId).GetEventsAfterAsync(afterSequence);
    }

    /// <summary>
    /// Receive the pages of a role at a center (<c>page</c> messages: the alert event, its escalation level and who
    /// holds the role now). Until authentication lands, the caller names the role it holds.
    /// </summary>
    public async Task JoinRole(string centerId, string role)
    {
        if (Identifiers.Problem("centerId", centerId) is { } problem) throw new HubException(problem);
        if (role is null || !AlertRoles.IsKnown(role)) throw new HubException($"role: '{role}' is not one of {string.Join(", ", AlertRoles.All)}");
        await Groups.AddToGroupAsync(Context.ConnectionId, RoleGroup(centerId, role));
    }

    public Task LeaveRole(string centerId, string role) => Groups.RemoveFromGroupAsync(Context.ConnectionId, RoleGroup(centerId, role));

    public Task LeaveCenter(string centerId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, CenterGroup(centerId));

    public async Task<TrialSummary> JoinTrial(string trialId)
    {
        if (Identifiers.Problem("trialId", trialId) is { } problem) throw new HubException(problem);
        await Groups.AddToGroupAsync(Context.ConnectionId, TrialGroup(trialId));
        return await grains.GetGrain<ITrialGrain>(trialId).GetSummaryAsync();
    }

    public Task LeaveTrial(string trialId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, TrialGroup(trialId));
}
