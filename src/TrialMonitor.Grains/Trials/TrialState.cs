using TrialMonitor.Contracts.Trials;

namespace TrialMonitor.Grains.Trials;

[GenerateSerializer]
public sealed class TrialState
{
    /// <summary>Each center's latest counts: aggregates only, never a patient id.</summary>
    [Id(0)] public Dictionary<string, CenterCounts> Centers { get; set; } = new(StringComparer.Ordinal);
}
