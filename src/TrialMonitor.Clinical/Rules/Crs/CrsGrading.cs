using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Rules.Crs;

/// <summary>
/// ASTCT consensus CRS grade (Lee et al., Biol Blood Marrow Transplant 2019;25:625–638), rules R1, R2 and R4
/// of rules.md 1.3. The tests beside this file hold its table.
/// </summary>
public static class CrsGrading
{
    /// <summary>R1: the oxygen device decides; nasal cannula splits on flow, and an unknown flow counts as low flow.</summary>
    public static int HypoxiaGrade(OxygenDevice? device, decimal? flowLitresPerMinute, CrsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return device switch
        {
            null or OxygenDevice.RoomAir => 0,
            OxygenDevice.BlowBy => 2,
            OxygenDevice.NasalCannula => flowLitresPerMinute > options.LowFlowUpToLitresPerMinute ? 3 : 2,
            OxygenDevice.HighFlowNasalCannula or OxygenDevice.SimpleMask or OxygenDevice.NonRebreather or OxygenDevice.Venturi => 3,
            _ => 4, // CPAP, BiPAP, invasive ventilation: positive pressure.
        };
    }

    /// <summary>
    /// R2: ≥ 2 non-vasopressin pressors → 4; one pressor with or without vasopressin, or vasopressin alone → 3;
    /// hypotension managed with fluids only → 2.
    /// </summary>
    public static int HypotensionGrade(Vasopressor running, bool hypotensiveWithoutPressors)
    {
        var nonVasopressin = System.Numerics.BitOperations.PopCount((uint)(running & ~Vasopressor.Vasopressin));
        if (nonVasopressin >= 2) return 4;
        if (running != Vasopressor.None) return 3;
        return hypotensiveWithoutPressors ? 2 : 0;
    }

    /// <summary>R4: no grade without the fever requirement; otherwise the more severe of hypotension and hypoxia, at least 1.</summary>
    public static int Grade(bool feverRequirementMet, int hypotensionGrade, int hypoxiaGrade) =>
        feverRequirementMet ? Math.Max(1, Math.Max(hypotensionGrade, hypoxiaGrade)) : 0;
}
