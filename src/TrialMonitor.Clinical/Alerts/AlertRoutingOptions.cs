namespace TrialMonitor.Clinical.Alerts;

/// <summary>
/// Who is paged for what, when an unacknowledged page escalates, and which rules wait for a confirming reading.
/// Bound from the <c>Alerts</c> section. Defaults are rules.md 10.3, itself a proposal [P]; a trial's medical monitor
/// signs off its own.
/// </summary>
public sealed record AlertRoutingOptions
{
    public EscalationOptions Escalation { get; init; } = new();

    /// <summary>
    /// Confirm-before-notify, per alert kind: a new alert of that kind pages only once a later reading confirms it,
    /// or once this long has passed without a reading refuting it (the fail-safe). Zero turns it off for a kind.
    /// Emergencies never wait. NEWS2 15 min is a proposal [P]: a lone out-of-pattern vital sign (a slipped SpO2
    /// probe) is the commonest non-actionable monitor alarm, and NEWS2 urgent asks for review within 60 min anyway.
    /// </summary>
    public Dictionary<string, TimeSpan> ConfirmWithin { get; init; } = new(StringComparer.Ordinal) { [AlertKinds.News2] = TimeSpan.FromMinutes(15) };

    /// <summary>Routes for every trial; null means <see cref="DefaultRoutes"/>. First match wins.</summary>
    public IReadOnlyList<AlertRoute>? Routes { get; init; }

    /// <summary>Routes of one trial, tried before <see cref="Routes"/>: trial id → routes.</summary>
    public Dictionary<string, List<AlertRoute>> Trials { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Routes of one center (a hospital without ICU outreach, say), tried before the trial's: center id → routes.</summary>
    public Dictionary<string, List<AlertRoute>> Centers { get; init; } = new(StringComparer.Ordinal);

    /// <summary>rules.md 10.3 as routes, most specific first.</summary>
    public static IReadOnlyList<AlertRoute> DefaultRoutes { get; } =
    [
        // FN at any CRS grade: page the CAR-T physician on call (10.3); escalation [P].
        new() { Kind = AlertKinds.FebrileNeutropenia, Levels = ["cart-physician-on-call", "cart-attending", "icu-outreach"] },
        // CRS ≥ 3, ICANS ≥ 3, NEWS2 ≥ 7, qSOFA ≥ 2 with fever: CAR-T attending + ICU outreach (10.3).
        new() { Severity = AlertSeverities.Emergency, Levels = ["cart-attending,icu-outreach", "principal-investigator"] },
        // CRS grade 1 (provisional): bedside nurse + CAR-T physician on call (10.3).
        new() { Kind = AlertKinds.Crs, MaxGrade = 1, Levels = ["bedside-nurse,cart-physician-on-call", "cart-attending", "principal-investigator"] },
        // NEWS2 single parameter 3 or 5–6: nurse-in-charge + ward doctor (10.3), here the bedside nurse and the physician on call.
        new() { Kind = AlertKinds.News2, Severity = AlertSeverities.Urgent, Levels = ["bedside-nurse,cart-physician-on-call", "cart-attending"] },
        // ICANS ≥ 2: neurology with the CAR-T attending (10.3).
        new() { Kind = AlertKinds.Icans, MinGrade = 2, Levels = ["cart-attending,neurology", "principal-investigator"] },
        // A missed SAE deadline: principal investigator + sponsor medical monitor (10.3 "regulatory", issue 4).
        new() { Kind = AlertKinds.SaeOverdue, Levels = ["principal-investigator,sponsor-medical-monitor"] },
        // CRS 2, ICANS 1–2, IEC-HS suspected, ICAHT ≥ 3: CAR-T attending (10.3).
        new() { Severity = AlertSeverities.Urgent, Levels = ["cart-attending", "principal-investigator"] },
        // Missing or implausible data: site data manager / research nurse, same shift (10.3); never escalates.
        new() { Severity = AlertSeverities.Info, Levels = ["data-manager"] },
    ];

    public static AlertRoutingOptions Default { get; } = new();
}

/// <summary>rules.md 10.3 escalation rule [P]: an unacknowledged page escalates one level after 10 min (emergency) or 30 min (urgent).</summary>
public sealed record EscalationOptions
{
    public TimeSpan EmergencyAfter { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan UrgentAfter { get; init; } = TimeSpan.FromMinutes(30);
}
