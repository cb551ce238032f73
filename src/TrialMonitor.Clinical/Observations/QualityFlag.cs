namespace TrialMonitor.Clinical.Observations;

public enum QualityFlagKind
{
    /// <summary>Outside the soft plausibility limits of rules.md 9: accepted and graded, but worth a look.</summary>
    OutsideSoftLimits,
    /// <summary>A medication the rules do not know: kept, but no rule uses it.</summary>
    UnrecognisedMedication,
    /// <summary>Systolic pressure not above the diastolic pressure taken at the same time (rules.md 9.1).</summary>
    SystolicNotAboveDiastolic,
    /// <summary>A score measured with a tool not valid for the patient's age (ICE under 12, CAPD from 12).</summary>
    ToolNotValidForAge,
}

/// <summary>Something about an accepted observation that a data manager should see.</summary>
public sealed record QualityFlag(QualityFlagKind Kind, string Message);
