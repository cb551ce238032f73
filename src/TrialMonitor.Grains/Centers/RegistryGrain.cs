using Orleans.Runtime;
using TrialMonitor.Contracts.Centers;

namespace TrialMonitor.Grains.Centers;

[GenerateSerializer]
public sealed class RegistryState
{
    [Id(0)] public SortedSet<string> Centers { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The centers of this deployment (a handful per trial): persisted, so periodic checks survive restarts.</summary>
public sealed class RegistryGrain([PersistentState("registry", GrainStorage.Clinical)] IPersistentState<RegistryState> state) : Grain, IRegistryGrain
{
    public async Task RegisterCenterAsync(string centerId)
    {
        if (state.State.Centers.Add(centerId)) await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> GetCentersAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Centers]);
}
