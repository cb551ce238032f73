using Microsoft.Extensions.Logging;
using TrialMonitor.Simulation.Api;

namespace TrialMonitor.Simulation;

/// <summary>Running counts of what the server did with the simulation's observations, in all and per center.</summary>
internal sealed class TrialTotals
{
    private readonly SortedDictionary<string, (long Sent, long Rejected)> _byCenter = new(StringComparer.Ordinal);

    public long Accepted { get; private set; }

    public long Duplicates { get; private set; }

    public long Rejected { get; private set; }

    public void Add(ObservationBatchResult result)
    {
        Accepted += result.Accepted;
        Duplicates += result.Duplicates;
        Rejected += result.Rejected.Count;
        foreach (var (centerId, counts) in result.ByCenter)
        {
            var (sent, rejected) = _byCenter.GetValueOrDefault(centerId);
            _byCenter[centerId] = (sent + counts.Sent, rejected + counts.Rejected);
        }
    }

    /// <summary>A batch refused whole: every observation in it counts as sent and rejected.</summary>
    public void AddRefused(IReadOnlyList<WireObservation> batch)
    {
        Rejected += batch.Count;
        foreach (var center in batch.GroupBy(o => o.CenterId, StringComparer.Ordinal))
        {
            var (sent, rejected) = _byCenter.GetValueOrDefault(center.Key);
            _byCenter[center.Key] = (sent + center.Count(), rejected + center.Count());
        }
    }

    public void LogPerCenter(ILogger logger)
    {
        foreach (var (centerId, (sent, rejected)) in _byCenter) SimulationLog.CenterProgress(logger, centerId, sent, rejected);
    }
}
