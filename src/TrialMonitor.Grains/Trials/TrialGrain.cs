using Orleans.Runtime;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Push;
using TrialMonitor.Contracts.Trials;

namespace TrialMonitor.Grains.Trials;

/// <summary>One trial across its centers: de-identified per-center counts for sponsors.</summary>
public sealed class TrialGrain(
    [PersistentState("trial", GrainStorage.Clinical)] IPersistentState<TrialState> state,
    TimeProvider clock) : Grain, ITrialGrain
{
    private string TrialId => this.GetPrimaryKeyString();

    public async Task RegisterCenterAsync(string centerId)
    {
        if (state.State.Centers.ContainsKey(centerId)) return;
        state.State.Centers[centerId] = Empty(centerId);
        await state.WriteStateAsync();
    }

    public async Task UpdateCenterAsync(CenterSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        // Only counts cross into the trial: the center's patient rows stay behind.
        state.State.Centers[summary.CenterId] = new CenterCounts(
            summary.CenterId,
            summary.PatientsEnrolled,
            summary.PatientsInRiskWindow,
            summary.OpenAlertsBySeverity,
            summary.Patients.GroupBy(p => p.CrsMaxGrade).ToDictionary(g => g.Key, g => g.Count()),
            summary.Patients.GroupBy(p => p.IcansMaxGrade).ToDictionary(g => g.Key, g => g.Count()));
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IPushRegistryGrain>(0).PublishTrialSummaryAsync(Summarise());
    }

    public Task<TrialSummary> GetSummaryAsync() => Task.FromResult(Summarise());

    private TrialSummary Summarise() => new(
        TrialId, clock.GetUtcNow(), state.State.Centers.Values.OrderBy(c => c.CenterId, StringComparer.Ordinal).ToArray());

    private static CenterCounts Empty(string centerId) => new(
        centerId, 0, 0, new Dictionary<string, int>(), new Dictionary<int, int>(), new Dictionary<int, int>());
}
