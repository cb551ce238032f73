using TrialMonitor.Grains.Resilience;

namespace TrialMonitor.Server.Hosting;

/// <summary>
/// Whether a request failed because a dependency is briefly gone — PostgreSQL restarting, a busy SQLite file, a silo
/// that died mid-call — rather than because of a bug. Those answer 503 with Retry-After (issue "Cluster reliability":
/// fail fast, resume by themselves); the client resends the same observation ids, which the log de-duplicates.
/// Grain calls arrive already judged (<see cref="DependencyUnavailableException"/>); the edge's own storage calls
/// (the audit log, quarantine) and cluster messaging are judged here by the same rules.
/// </summary>
public static class Unavailability
{
    public static bool IsTransient(Exception exception) => TransientFailure.Is(exception);
}
