using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Rules.Icans;

/// <summary>
/// ASTCT consensus ICANS grade (Lee et al., Biol Blood Marrow Transplant 2019;25:625–638; tables in PMC8403007
/// and PMC8153820): each domain has its own grade and the most severe domain wins. The tests beside this
/// file hold its table.
/// </summary>
public static class IcansGrading
{
    /// <summary>Adults: ICE 10 → 0; 7–9 → 1; 3–6 → 2; 0–2 → 3. ICE 0 while awake (global aphasia) stays 3; 4 needs an unarousable patient.</summary>
    public static int IceGrade(int? ice, IcansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ice is not { } score) return 0;
        if (score <= options.IceGrade3AtOrBelow) return 3;
        if (score <= options.IceGrade2AtOrBelow) return 2;
        return score <= options.IceGrade1AtOrBelow ? 1 : 0;
    }

    /// <summary>Children under 12: CAPD ≥ 9 → 3; CAPD 1–8 → 1; 0 → no ICANS from this domain (rules.md 2.3).</summary>
    public static int CapdGrade(int? capd, IcansOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (capd is not { } score) return 0;
        if (score >= options.CapdGrade3AtOrAbove) return 3;
        return score >= 1 ? 1 : 0;
    }

    /// <summary>Depressed consciousness: voice → 2, touch → 3, unarousable → 4. Awakening spontaneously adds nothing on its own.</summary>
    public static int ArousalGrade(Arousal? arousal) => arousal switch
    {
        Arousal.Voice => 2,
        Arousal.Tactile => 3,
        Arousal.Unarousable => 4,
        _ => 0,
    };

    /// <summary>A rapidly resolving seizure → 3; prolonged (&gt; 5 min) or repetitive → 4.</summary>
    public static int SeizureGrade(Seizure? seizure) => seizure switch
    {
        Seizure.Rapid => 3,
        Seizure.Prolonged => 4,
        _ => 0,
    };

    /// <summary>Deep focal motor weakness (hemiparesis, paraparesis) → 4.</summary>
    public static int MotorGrade(bool? deepFocalWeakness) => deepFocalWeakness == true ? 4 : 0;

    /// <summary>Focal oedema on imaging → 3; diffuse oedema → 4.</summary>
    public static int CerebralEdemaGrade(CerebralEdema? edema) => edema switch
    {
        CerebralEdema.Focal => 3,
        CerebralEdema.Diffuse => 4,
        _ => 0,
    };
}
