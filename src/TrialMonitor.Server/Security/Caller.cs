using System.Security.Claims;

namespace TrialMonitor.Server.Security;

/// <summary>What a request's bearer token says of its caller.</summary>
public static class Caller
{
    public static bool WorksAt(this ClaimsPrincipal user, string centerId)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindAll(TrialMonitorRoles.CenterClaim).Any(c => c.Value == centerId || c.Value == TrialMonitorRoles.AllCenters);
    }

    /// <summary>The centers the caller may act for; null means every center.</summary>
    public static IReadOnlyList<string>? Centers(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var centers = user.FindAll(TrialMonitorRoles.CenterClaim).Select(c => c.Value).ToArray();
        return centers.Contains(TrialMonitorRoles.AllCenters) ? null : centers;
    }

    public static bool HasAnyRole(this ClaimsPrincipal user, IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(user);
        return roles.Any(user.IsInRole);
    }

    /// <summary>Who did it, for the alert log and the audit: the token's name, else its subject.</summary>
    public static string Who(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.Name ?? user.FindFirst("sub")?.Value ?? "unknown";
    }
}
