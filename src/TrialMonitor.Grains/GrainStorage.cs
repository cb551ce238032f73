namespace TrialMonitor.Grains;

/// <summary>Names of the Orleans grain storage providers the grains use.</summary>
public static class GrainStorage
{
    /// <summary>Derived clinical state, alerts and aggregates.</summary>
    public const string Clinical = "clinical";
}
