using System.Data.Common;
using System.Net.Sockets;

namespace TrialMonitor.Grains.Resilience;

/// <summary>
/// A failure of storage or of the cluster (a database error, a lost connection, a timeout, a silo gone), as opposed to
/// a refusal of the request itself (an <see cref="ArgumentException"/>, a conflict), which leaves the grain's memory
/// as it was.
/// </summary>
public static class InfrastructureFailure
{
    public static bool Is(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case DependencyUnavailableException:
                case DbException:
                case IOException:
                case SocketException:
                case TimeoutException:
                case OrleansException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(Is):
                    return true;
            }
        }

        return false;
    }
}
