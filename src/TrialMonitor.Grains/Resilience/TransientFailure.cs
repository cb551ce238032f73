using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace TrialMonitor.Grains.Resilience;

/// <summary>
/// Whether a failure means a dependency is briefly gone — PostgreSQL restarting, a busy SQLite file, a silo that died
/// mid-call — rather than a bug. Judged where the failure happened (<see cref="DeactivateOnInfrastructureFailure"/>),
/// because what makes it transient does not always survive the hop between silos: an Npgsql
/// <see cref="PostgresException"/> arrives with its SQLSTATE gone, so a 57P01 judged at the HTTP edge was a 500.
/// </summary>
public static class TransientFailure
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    // PostgreSQL going down or coming up: admin_shutdown (pg_ctl stop -m fast ends every session with it),
    // crash_shutdown, cannot_connect_now. Npgsql calls only the last transient; a resend after the restart succeeds
    // for all three (tests/fault/run saw a center's state write fail with 57P01 answered 500 before this).
    private static readonly HashSet<string> PostgresRestarting = new(StringComparer.Ordinal) { "57P01", "57P02", "57P03" };

    public static bool Is(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case DependencyUnavailableException:
                case PostgresException postgres when postgres.SqlState is not null && PostgresRestarting.Contains(postgres.SqlState):
                // A PostgreSQL error that crossed silos arrives without its SQLSTATE. The grains' own errors are judged
                // before the hop; one that still comes bare is from grain storage, and the grain has started over, so
                // a resend is safe: answered as an outage rather than a bug (tests/fault/README.md).
                case PostgresException { SqlState: null }:
                case NpgsqlException npgsql when npgsql.IsTransient:
                // Orleans' storage provider wraps what the database said ("Error from storage provider ..."); a
                // connection that could not be opened while PostgreSQL restarts is not always marked transient.
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                // Two activations of one grain while the cluster settles after a silo died: the storage refuses the
                // write of a version another activation already replaced (tests/fault/run's kill phase saw a patient's
                // replay write refused in OnActivateAsync). The refused activation starts over from durable state.
                case InconsistentStateException:
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                case SocketException:
                case TimeoutException:
                case SiloUnavailableException:
                case OrleansMessageRejectionException:
                case ConnectionFailedException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(Is):
                    return true;
            }
        }

        return false;
    }
}

/// <summary>
/// A grain call failed because storage or the cluster is briefly unavailable; the grain has started over from its
/// durable state, and the same request sent again will do the work (observation ids make a resend safe). Its own
/// type, in a namespace Orleans serializes, so that the caller on any silo can tell it from a bug.
/// </summary>
[GenerateSerializer]
public sealed class DependencyUnavailableException : Exception
{
    public DependencyUnavailableException()
    {
    }

    public DependencyUnavailableException(string message) : base(message)
    {
    }

    public DependencyUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
