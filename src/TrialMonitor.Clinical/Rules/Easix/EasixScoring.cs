using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Readings;

namespace TrialMonitor.Clinical.Rules.Easix;

/// <summary>EASIX cut-off; a weak risk modifier, never an alert trigger (rules.md 7).</summary>
public sealed record EasixOptions
{
    /// <summary>Pre-lymphodepletion EASIX &gt; 4.67 carried 4.3-fold odds of grade ≥ 3 CRS/ICANS (Korell, Front Immunol 2022;13:877477).</summary>
    public decimal ElevatedAbove { get; init; } = 4.67m;
}

/// <summary>EASIX, simplified EASIX and m-EASIX from one set of readings; each null when an input is missing or platelets are 0.</summary>
public sealed record EasixValues
{
    public decimal? Easix { get; init; }

    public decimal? SimplifiedEasix { get; init; }

    public decimal? ModifiedEasix { get; init; }

    /// <summary>EASIX above the Korell cut-off; m-EASIX has no published cut-off to apply (rules.md 7).</summary>
    public bool? Elevated { get; init; }

    public IReadOnlyList<Reading> Readings { get; init; } = [];
}

/// <summary>EASIX before lymphodepletion and on the latest values. Not validated in autoimmune disease (rules.md 7).</summary>
public sealed record EasixAssessment(EasixValues Baseline, EasixValues Latest)
{
    public bool ValidatedInAutoimmuneDisease { get; init; }
}

/// <summary>
/// EASIX = LDH (U/L) × creatinine (mg/dL) ÷ platelets (10⁹/L); simplified EASIX = LDH ÷ platelets;
/// m-EASIX = LDH × CRP (mg/dL) ÷ platelets (Pennisi, Blood Adv 2021;5:3397; Luft 2017). Creatinine is stored in
/// mg/dL and CRP in mg/L, so CRP is divided by 10 here (rules.md 7, 9.2).
/// </summary>
public static class EasixScoring
{
    public static EasixValues Compute(Observation? ldh, Observation? creatinine, Observation? platelets, Observation? crp, EasixOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ldh is null || platelets is null || platelets.Quantity == 0m)
            return new EasixValues { Readings = Reading.FromAll(ldh, creatinine, platelets, crp) };

        decimal? easix = creatinine is null ? null : ldh.Quantity * creatinine.Quantity / platelets.Quantity;
        return new EasixValues
        {
            Easix = easix,
            SimplifiedEasix = ldh.Quantity / platelets.Quantity,
            ModifiedEasix = crp is null ? null : ldh.Quantity * (crp.Quantity / 10m) / platelets.Quantity,
            Elevated = easix is null ? null : easix > options.ElevatedAbove,
            Readings = Reading.FromAll(ldh, creatinine, platelets, crp),
        };
    }
}
