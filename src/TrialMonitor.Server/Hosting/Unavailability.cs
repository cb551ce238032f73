using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using Orleans.Runtime.Messaging;

namespace TrialMonitor.Server.Hosting;

/// <summary>
/// Whether a request failed because a dependency is briefly gone — PostgreSQL restarting, a busy SQLite file, a silo
/// that died mid-call — rather than because of a bug. Those answer 503 with Retry-After (issue "Cluster reliability":
/// fail fast, resume by themselves); the client resends the same observation ids, which the log de-duplicates.
/// </summary>
public static class Unavailability
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    // PostgreSQL going down or coming up: admin_shutdown (pg_ctl stop -m fast ends every session with it),
    // crash_shutdown, cannot_connect_now. Npgsql calls only the last transient; a resend after the restart succeeds
    // for all three (tests/fault/run saw a center's state write fail with 57P01 answered 500 before this).
    private static readonly HashSet<string> PostgresRestarting = new(StringComparer.Ordinal) { "57P01", "57P02", "57P03" };

    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres when PostgresRestarting.Contains(postgres.SqlState):
                case NpgsqlException npgsql when npgsql.IsTransient:
                // Orleans' storage provider wraps what the database said ("Error from storage provider ..."); a
                // connection that could not be opened while PostgreSQL restarts is not always marked transient.
                case NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException }:
                case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                case SocketException:
                case TimeoutException:
                case SiloUnavailableException:
                case OrleansMessageRejectionException:
                case ConnectionFailedException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsTransient):
                    return true;
            }
        }

        return false;
    }
}
