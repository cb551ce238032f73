using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Patients;
using TrialMonitor.Grains.Centers;
using TrialMonitor.Grains.Patients;
using TrialMonitor.Grains.Safety;
using TrialMonitor.Grains.Webhooks;
using TrialMonitor.Persistence;

namespace TrialMonitor.Grains.Tests.Support;

/// <summary>
/// Orleans' in-process test cluster on the real storage: ADO.NET grain storage, the observation log and the alert event log in one
/// SQLite file in a directory of its own, as the server's embedded store. Two clusters started one after the other
/// on the same directory are the same deployment restarted.
/// </summary>
public sealed class GrainCluster : IAsyncDisposable
{
    // As the server: Orleans maps this invariant to Microsoft.Data.Sqlite's factory.
    private const string SqliteInvariant = "System.Data.SQLite";

    private GrainCluster(InProcessTestCluster cluster, string connectionString)
    {
        Cluster = cluster;
        ConnectionString = connectionString;
    }

    public InProcessTestCluster Cluster { get; }

    public string ConnectionString { get; }

    public IClusterClient Client => Cluster.Client;

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "trialmonitor-grain-tests", Guid.NewGuid().ToString("N"));

    /// <param name="decorateLog">Wraps each silo's observation log, for tests that must hold a grain at a given point.</param>
    /// <param name="time">
    /// The grains' clock and their timers' clock (Orleans' <c>TimeProviderNames.Grains</c>); Orleans' own messaging,
    /// membership and maintenance stay on real time, so advancing it moves only what the application schedules.
    /// </param>
    /// <param name="configureServices">More silo services, or replacements (options, channels, HTTP handlers).</param>
    public static async Task<GrainCluster> StartAsync(
        string dataDirectory,
        short silos = 1,
        Func<IObservationLog, IObservationLog>? decorateLog = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var storage = new StorageOptions { DataDirectory = dataDirectory };
        await SchemaInstaller.InstallAsync(storage);
        var connectionString = storage.ResolveConnectionString();

        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        // Grain state is keyed by service id: a restarted deployment keeps its own (the builder picks a new one per cluster).
        builder.Options.ServiceId = "trialmonitor-grain-tests";
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddAdoNetGrainStorage(GrainStorage.Clinical, o =>
            {
                o.Invariant = SqliteInvariant;
                o.ConnectionString = connectionString;
            });
            silo.Services.AddSingleton<IObservationLog>(_ =>
            {
                var log = new SqliteObservationLog(connectionString);
                return decorateLog is null ? log : decorateLog(log);
            });
            silo.Services.AddSingleton<IAlertEventLog>(_ => new SqliteAlertEventLog(connectionString));
            if (time is not null)
            {
                silo.Services.AddSingleton(time);
                foreach (var area in (string[])[TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership, TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory])
                    silo.Services.AddKeyedSingleton(area, TimeProvider.System);
            }

            // As the server; a test's own registrations come after, so that its options and HTTP handler win.
            silo.Services.AddWebhookDelivery();
            configureServices?.Invoke(silo.Services);
            silo.Services.AddTrialMonitorGrainServices();
        });

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return new GrainCluster(cluster, connectionString);
    }

    public IPatientGrain Patient(string patientId) => Client.GetGrain<IPatientGrain>(patientId);

    public ICenterGrain Center(string centerId) => Client.GetGrain<ICenterGrain>(centerId);

    /// <summary>The trial's roster as stored (read through the first silo's grain storage), with its version as the ETag.</summary>
    public Task<GrainState<TrialPatientsState>> StoredRosterAsync(string trialId) => StoredStateAsync<TrialPatientsState>("trial-patients", GrainId.Create("trial", trialId));

    /// <summary>The center's alert state as stored (attempts, how far pages went; the events are in the alert event log).</summary>
    public Task<GrainState<CenterState>> StoredCenterAsync(string centerId) => StoredStateAsync<CenterState>("center", GrainId.Create("center", centerId));

    /// <summary>Writes a center's alert state as an earlier version stored it, before the center is activated.</summary>
    public Task StoreCenterAsync(string centerId, CenterState center) =>
        ClinicalStorage.WriteStateAsync("center", GrainId.Create("center", centerId), new GrainState<CenterState>(center));

    /// <summary>The patient's state as stored, with its version as the ETag.</summary>
    public Task<GrainState<PatientState>> StoredPatientAsync(string patientId) => StoredStateAsync<PatientState>("patient", PatientGrainId(patientId));

    /// <summary>
    /// Writes the patient's stored state back as it is, as a second activation of the patient would (two can live for a
    /// moment while the cluster settles after a silo died): the stored version moves past the one the active grain holds.
    /// </summary>
    public async Task RewriteStoredPatientAsync(string patientId)
    {
        var stored = await StoredPatientAsync(patientId);
        await ClinicalStorage.WriteStateAsync("patient", PatientGrainId(patientId), stored);
    }

    private static GrainId PatientGrainId(string patientId) => GrainId.Create("patient", patientId);

    private IGrainStorage ClinicalStorage => Cluster.Silos[0].ServiceProvider!.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Clinical);

    private async Task<GrainState<T>> StoredStateAsync<T>(string stateName, GrainId grainId)
    {
        var stored = new GrainState<T>();
        await ClinicalStorage.ReadStateAsync(stateName, grainId, stored);
        return stored;
    }

    /// <summary>The silo hosting the grain's activation, or null when it is not active.</summary>
    public SiloAddress? SiloOf(IAddressable grain) =>
        Cluster.TryGetGrainContext(grain.GetGrainId(), out var context) ? context.Address.SiloAddress : null;

    /// <summary>A graceful stop of every silo: grains deactivate and write what they hold.</summary>
    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
