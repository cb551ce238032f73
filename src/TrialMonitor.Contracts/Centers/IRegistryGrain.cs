namespace TrialMonitor.Contracts.Centers;

/// <summary>Every center this deployment has seen, so that periodic checks can reach them after a restart.</summary>
public interface IRegistryGrain : IGrainWithIntegerKey
{
    Task RegisterCenterAsync(string centerId);

    Task<IReadOnlyList<string>> GetCentersAsync();
}
