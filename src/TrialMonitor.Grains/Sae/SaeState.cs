using TrialMonitor.Contracts.Sae;

namespace TrialMonitor.Grains.Sae;

[GenerateSerializer]
public sealed class SaeState
{
    /// <summary>The center's SAE drafts by draft id (one per patient and trigger kind).</summary>
    [Id(0)] public Dictionary<string, SaeDraft> Drafts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Overdue alerts numbered so far: the number of the next is one more, and a number once given is kept, so a retry asks for the same alert.</summary>
    [Id(1)] public int OverdueAlertsNumbered { get; set; }

    /// <summary>Keys (draft id '#' clock) of the overdue alerts the center has confirmed recording.</summary>
    [Id(2)] public HashSet<string> RecordedOverdueKeys { get; set; } = new(StringComparer.Ordinal);
}
