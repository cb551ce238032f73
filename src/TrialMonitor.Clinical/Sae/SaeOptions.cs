namespace TrialMonitor.Clinical.Sae;

/// <summary>
/// When a serious adverse event (SAE) draft is opened and its reporting clocks. Bound from the <c>Sae</c> section.
/// Defaults are rules.md 10.3 row "regulatory" (itself [M, not re-checked]); a trial's protocol states its own.
/// </summary>
public sealed record SaeOptions
{
    /// <summary>Sponsor notification: ICH E6(R2) 4.11.1 "immediately"; protocols usually ≤ 24 h of awareness (rules.md 10.3).</summary>
    public TimeSpan SponsorNotificationWithin { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Expedited report of a fatal or life-threatening unexpected reaction: 7 calendar days (ICH E2A III.A.1).</summary>
    public TimeSpan Expedited7Days { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Expedited report of any other serious unexpected reaction: 15 calendar days (ICH E2A III.A.2).</summary>
    public TimeSpan Expedited15Days { get; init; } = TimeSpan.FromDays(15);

    /// <summary>CRS grade ≥ 3 is an SAE trigger (rules.md 10.3 "regulatory").</summary>
    public int CrsFromGrade { get; init; } = 3;

    /// <summary>ICANS grade ≥ 3 is an SAE trigger (rules.md 10.3 "regulatory").</summary>
    public int IcansFromGrade { get; init; } = 3;

    /// <summary>ICAHT grade 4 is an SAE trigger (rules.md 10.3 "regulatory").</summary>
    public int IcahtFromGrade { get; init; } = 4;

    /// <summary>IEC-HS at any grade, suspected included, is an SAE trigger (rules.md 10.3 "regulatory"); a number raises the bar.</summary>
    public int? IecHsFromGrade { get; init; }

    public static SaeOptions Default { get; } = new();
}
