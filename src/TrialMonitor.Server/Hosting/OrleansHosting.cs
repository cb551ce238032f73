using Orleans.Configuration;
using TrialMonitor.Grains;
using TrialMonitor.Persistence;

namespace TrialMonitor.Server.Hosting;

/// <summary>Bound from the <c>Orleans</c> section: cluster identity and this silo's ports.</summary>
public sealed class SiloOptions
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "trialmonitor";

    public string ServiceId { get; set; } = "trialmonitor";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;
}

internal static class OrleansHosting
{
    // ADO.NET invariants: Orleans maps "System.Data.SQLite" to Microsoft.Data.Sqlite's factory (Orleans ≥ 10.1).
    private const string SqliteInvariant = "System.Data.SQLite";
    private const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// The silo on the configured store. SQLite: localhost clustering (one process) and grain state in the embedded
    /// file. PostgreSQL: ADO.NET clustering, grain state and reminders, so several silos form one cluster.
    /// </summary>
    public static void ConfigureSilo(ISiloBuilder silo, StorageOptions storage, SiloOptions options)
    {
        var connectionString = storage.ResolveConnectionString();
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        // A grain call's span joins the caller's trace (an ingest request reaches the patient grain, the center, storage).
        silo.AddActivityPropagation();

        if (storage.Provider == StorageProvider.Postgres)
        {
            silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(GrainStorage.Clinical, o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = connectionString;
            });
        }
        else
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            silo.AddAdoNetGrainStorage(GrainStorage.Clinical, o =>
            {
                o.Invariant = SqliteInvariant;
                o.ConnectionString = connectionString;
            });
        }
    }
}
