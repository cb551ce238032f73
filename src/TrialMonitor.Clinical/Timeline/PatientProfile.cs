namespace TrialMonitor.Clinical.Timeline;

/// <summary>NEWS2 SpO2 scale: Scale 2 only when a clinician has prescribed a target of 88–92 % (RCP 2017).</summary>
public enum SpO2Scale
{
    Scale1,
    Scale2,
}

/// <summary>What the rules need to know about a patient besides observations. No direct identifiers.</summary>
public sealed record PatientProfile(DateTimeOffset InfusionAt, int? AgeYears, SpO2Scale SpO2Scale = SpO2Scale.Scale1)
{
    public int DayPostInfusion(DateTimeOffset at) => (int)Math.Floor((at - InfusionAt).TotalDays);
}
