namespace TrialMonitor.Clinical.Alerts;

/// <summary>
/// Which grades alert, and how severely. Defaults are rules.md 10.3, itself a proposal [P] derived from the NEWS2
/// response tiers and ASTCT grade-based management; a trial's medical monitor signs off its own values.
/// </summary>
public sealed record AlertPolicyOptions
{
    /// <summary>CRS grade 1–2 urgent, ≥ 3 emergency (rules.md 10.3).</summary>
    public int CrsEmergencyFromGrade { get; init; } = 3;

    /// <summary>ICANS grade 1–2 urgent, ≥ 3 emergency (rules.md 10.3).</summary>
    public int IcansEmergencyFromGrade { get; init; } = 3;

    /// <summary>NEWS2 ≥ 7 emergency; 5–6 or a single red parameter urgent; 1–4 dashboard only (rules.md 10.3, RCP 2017).</summary>
    public int News2EmergencyFromTotal { get; init; } = 7;

    public int News2UrgentFromTotal { get; init; } = 5;

    /// <summary>ICAHT grade ≥ 3 urgent (rules.md 10.3).</summary>
    public int IcahtAlertFromGrade { get; init; } = 3;

    /// <summary>qSOFA ≥ 2 with fever is an emergency (rules.md 10.3; the score threshold itself is QsofaScoring's).</summary>
    public bool AlertOnQsofa { get; init; } = true;

    /// <summary>
    /// An open alert resolves itself once its condition has been absent this long (e.g. the CRS episode closed).
    /// rules.md gives no number: 1 h is a proposal [P]; null turns auto-resolution off.
    /// </summary>
    public TimeSpan? AutoResolveAfter { get; init; } = TimeSpan.FromHours(1);

    public static AlertPolicyOptions Default { get; } = new();
}
