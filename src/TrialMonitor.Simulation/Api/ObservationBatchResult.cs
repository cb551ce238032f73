namespace TrialMonitor.Simulation.Api;

/// <summary>Observations sent and rejected for one center within a batch.</summary>
public readonly record struct CenterCounts(int Sent, int Rejected);

/// <summary>What the server did with a batch, with the rejections counted per center.</summary>
public sealed record ObservationBatchResult(
    int Accepted,
    int Duplicates,
    IReadOnlyList<RejectedObservation> Rejected,
    IReadOnlyDictionary<string, CenterCounts> ByCenter);
