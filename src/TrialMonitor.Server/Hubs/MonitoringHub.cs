using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Trials;
using TrialMonitor.Server.Api;
using TrialMonitor.Server.Security;

namespace TrialMonitor.Server.Hubs;

/// <summary>
/// <c>/hubs/monitoring</c> (api.md "Live push"). A client joins the center's group first and then reads the events
/// after its last sequence, so nothing falls between the two; an event may arrive both ways, and clients skip
/// sequences they have already seen.
/// </summary>
public sealed class MonitoringHub(IGrainFactory grains, HubMetrics metrics) : Hub
{
    public static string CenterGroup(string centerId) => "center:" + centerId;

    public static string TrialGroup(string trialId) => "trial:" + trialId;

    public static string RoleGroup(string centerId, string role) => $"center:{centerId}:role:{role}";

    public override Task OnConnectedAsync()
    {
        metrics.Connected();
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.Disconnected();
        return base.OnDisconnectedAsync(exception);
    }

    public async Task<IReadOnlyList<Alert>> JoinCenter(string centerId, long afterSequence)
    {
        if (Identifiers.Problem("centerId", centerId) is { } problem) throw new HubException(problem);
        Require(centerId, TrialMonitorRoles.Clinician, TrialMonitorRoles.Investigator);
        if (afterSequence < 0) throw new HubException("afterSequence: must be ≥ 0");
        await Groups.AddToGroupAsync(Context.ConnectionId, CenterGroup(centerId));
        return await grains.GetGrain<ICenterGrain>(centerId).GetEventsAfterAsync(afterSequence);
    }

    /// <summary>
    /// Receive the pages of a role at a center (<c>page</c> messages: the alert event, its escalation level and who
    /// holds the role now): a clinician's console names the on-call role it stands for.
    /// </summary>
    public async Task JoinRole(string centerId, string role)
    {
        if (Identifiers.Problem("centerId", centerId) is { } problem) throw new HubException(problem);
        if (role is null || !AlertRoles.IsKnown(role)) throw new HubException($"role: '{role}' is not one of {string.Join(", ", AlertRoles.All)}");
        Require(centerId, TrialMonitorRoles.Clinician, TrialMonitorRoles.Investigator);
        await Groups.AddToGroupAsync(Context.ConnectionId, RoleGroup(centerId, role));
    }

    public Task LeaveRole(string centerId, string role) => Groups.RemoveFromGroupAsync(Context.ConnectionId, RoleGroup(centerId, role));

    public Task LeaveCenter(string centerId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, CenterGroup(centerId));

    /// <summary>De-identified trial summaries (<see cref="SponsorView"/>), now and as they change.</summary>
    public async Task<JsonObject> JoinTrial(string trialId)
    {
        if (Identifiers.Problem("trialId", trialId) is { } problem) throw new HubException(problem);
        Require(null, TrialMonitorRoles.Sponsor, TrialMonitorRoles.Dsmb, TrialMonitorRoles.Admin);
        await Groups.AddToGroupAsync(Context.ConnectionId, TrialGroup(trialId));
        return SponsorView.Of(await grains.GetGrain<ITrialGrain>(trialId).GetSummaryAsync());
    }

    /// <summary>The hub's half of <see cref="AccessRules"/>: the same roles and centers as the REST API.</summary>
    private void Require(string? centerId, params string[] roles)
    {
        var user = Context.User ?? throw new HubException("a bearer token is required");
        if (!user.HasAnyRole(roles)) throw new HubException($"forbidden: role: this needs one of {string.Join(", ", roles)}");
        if (centerId is not null && !user.WorksAt(centerId)) throw new HubException($"forbidden: centerId: the caller does not work for center '{centerId}'");
    }

    public Task LeaveTrial(string trialId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, TrialGroup(trialId));
}
