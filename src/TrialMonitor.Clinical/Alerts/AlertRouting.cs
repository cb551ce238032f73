namespace TrialMonitor.Clinical.Alerts;

/// <summary>Routing and escalation as pure functions of the alert and <see cref="AlertRoutingOptions"/> (rules.md 10.3).</summary>
public static class AlertRouting
{
    /// <summary>The escalation chain of an alert: the center's routes first, then the trial's, then the common ones; first match wins.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Chain(string? trialId, string? centerId, string kind, int? grade, string severity, AlertRoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IEnumerable<AlertRoute> routes = options.Routes ?? AlertRoutingOptions.DefaultRoutes;
        if (trialId is not null && options.Trials.TryGetValue(trialId, out var ofTrial)) routes = ofTrial.Concat(routes);
        if (centerId is not null && options.Centers.TryGetValue(centerId, out var ofCenter)) routes = ofCenter.Concat(routes);
        return routes.FirstOrDefault(r => r.Matches(kind, grade, severity))?.Chain() ?? [];
    }

    /// <summary>How long a page of this severity waits for an acknowledgement before the next level; null: it never escalates.</summary>
    public static TimeSpan? EscalationDelay(string severity, AlertRoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return severity switch
        {
            AlertSeverities.Emergency => options.Escalation.EmergencyAfter,
            AlertSeverities.Urgent => options.Escalation.UrgentAfter,
            _ => null,
        };
    }

    /// <summary>How long a new alert waits for a confirming reading before paging; null: it pages at once. Emergencies never wait.</summary>
    public static TimeSpan? ConfirmationWindow(string kind, string severity, AlertRoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (severity == AlertSeverities.Emergency) return null;
        return options.ConfirmWithin.TryGetValue(kind, out var window) && window > TimeSpan.Zero ? window : null;
    }
}
