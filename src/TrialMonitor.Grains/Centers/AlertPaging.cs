using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Contracts.Alerts;

namespace TrialMonitor.Grains.Centers;

/// <summary>
/// What an alert event pages and when it escalates next (rules.md 10.3): the roles of one level of the alert's
/// chain, and the escalation time when there is a level above and the severity escalates at all.
/// </summary>
public static class AlertPaging
{
    public static Alert Page(Alert alert, int level, DateTimeOffset now, AlertRoutingOptions routing)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var chain = AlertRouting.Chain(alert.TrialId, alert.CenterId, alert.Kind, alert.Grade, alert.Severity, routing);
        if (chain.Count == 0) return alert with { NotifiedRoles = [], EscalationLevel = 0, EscalatesAt = null, AwaitingConfirmationUntil = null };
        level = Math.Clamp(level, 0, chain.Count - 1);
        var delay = AlertRouting.EscalationDelay(alert.Severity, routing);
        return alert with
        {
            NotifiedRoles = chain[level],
            EscalationLevel = level,
            EscalatesAt = delay is { } d && level + 1 < chain.Count ? now + d : null,
            AwaitingConfirmationUntil = null,
        };
    }

    /// <summary>A new alert: paged now, or held for a confirming reading when its rule asks for one (never an emergency).</summary>
    public static Alert Raise(Alert alert, DateTimeOffset now, AlertRoutingOptions routing)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return AlertRouting.ConfirmationWindow(alert.Kind, alert.Severity, routing) is { } window
            ? alert with { NotifiedRoles = [], EscalationLevel = 0, EscalatesAt = null, AwaitingConfirmationUntil = now + window }
            : Page(alert, 0, now, routing);
    }

    /// <summary>The next moment something is due for this alert, if any: its confirmation wait ends, or it escalates.</summary>
    public static DateTimeOffset? NextDue(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Status == AlertStatuses.Resolved) return null;
        if (alert.AwaitingConfirmationUntil is { } until) return until;
        return alert.Status == AlertStatuses.Open ? alert.EscalatesAt : null;
    }
}
