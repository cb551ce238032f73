using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Rules.IecHs;

/// <summary>
/// IEC-HS suspected from the lab pattern (Hines 2023 [M]; engine rule rules.md 4.3 [P]): ferritin ≥ 2 × baseline
/// and rising, plus at least one of transaminases &gt; 5 × ULN, fibrinogen &lt; 1.5 g/L, or new/worsening cytopenia.
/// Grade from the interventions recorded after suspicion (rules.md 4.3).
/// </summary>
public static class IecHsCriteria
{
    public static bool FerritinCriterion(decimal latest, decimal? previous, decimal? baseline, IecHsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var reference = baseline ?? options.FerritinUpperLimitOfNormal;
        return latest >= options.FerritinRiseFactor * reference && previous is { } earlier && latest > earlier;
    }

    /// <summary>&gt; 5 × ULN when baseline was normal, &gt; 5 × baseline when baseline was above the ULN.</summary>
    public static bool TransaminaseCriterion(decimal latest, decimal? baseline, decimal upperLimitOfNormal, IecHsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var reference = baseline > upperLimitOfNormal ? baseline.Value : upperLimitOfNormal;
        return latest > options.TransaminaseFactor * reference;
    }

    public static bool FibrinogenCriterion(decimal gramsPerLitre, IecHsOptions options) =>
        gramsPerLitre < options.FibrinogenBelowGramsPerLitre;

    public static bool CytopeniaCriterion(decimal platelets, decimal? referencePlatelets, IecHsOptions options) =>
        referencePlatelets is { } reference && platelets <= options.PlateletFallToFraction * reference;

    /// <summary>
    /// 2: immunosuppressive therapy for IEC-HS or fibrinogen replacement; 3: bleeding needing transfusion;
    /// 4: life-threatening bleeding, vasopressors, invasive ventilation or dialysis (rules.md 4.3).
    /// </summary>
    public static int TreatmentGrade(Observation treatment)
    {
        ArgumentNullException.ThrowIfNull(treatment);
        return treatment.Parameter switch
        {
            Parameter.Medication when (treatment.MedicationClasses & (MedicationClass.IecHsTherapy | MedicationClass.FibrinogenReplacement)) != 0 => 2,
            Parameter.Bleeding => treatment.Bleeding switch
            {
                Bleeding.Major => 3,
                Bleeding.LifeThreatening => 4,
                _ => 0,
            },
            Parameter.Vasopressors when treatment.Vasopressors != Vasopressor.None => 4,
            Parameter.OxygenDevice when treatment.Device == OxygenDevice.InvasiveVentilation => 4,
            Parameter.Dialysis when treatment.IsTrue => 4,
            _ => 0,
        };
    }
}
