using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;
using Orleans.Storage;
using TrialMonitor.Clinical;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Sae;
using TrialMonitor.Contracts.Notifications;
using TrialMonitor.Grains.Notifications;
using TrialMonitor.Grains.Resilience;
using TrialMonitor.Grains.Safety;
using TrialMonitor.Safety;

namespace TrialMonitor.Grains;

public static class GrainServices
{
    /// <summary>
    /// What the grains need besides storage: the clinical engine's normaliser and options, the alert policy and
    /// routing, the SAE clocks, the page channels every deployment has (hub and log; the webhook is added on its
    /// own) and a clock. The observation log (<c>IObservationLog</c>) and the alert event log (<c>IAlertEventLog</c>) are the host's to register, as they depend on the provider.
    /// </summary>
    public static IServiceCollection AddTrialMonitorGrainServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(ObservationNormaliser.Default);
        services.TryAddSingleton(ClinicalRulesOptions.Default);
        services.TryAddSingleton(AlertPolicyOptions.Default);
        services.TryAddSingleton(AlertRoutingOptions.Default);
        services.TryAddSingleton<AlertNotifier>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertChannel, HubAlertChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAlertChannel, LogAlertChannel>());
        services.TryAddSingleton(SaeOptions.Default);
        // A grain whose write failed must not keep in memory what it could not persist.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, DeactivateOnInfrastructureFailure>());
        // ...and a failure reaches the caller on another silo as itself, database error included, so that the HTTP edge
        // can tell an outage (503) from a bug (500).
        services.Configure<ExceptionSerializationOptions>(o =>
        {
            o.SupportedNamespacePrefixes.Add("Npgsql");
            o.SupportedNamespacePrefixes.Add("TrialMonitor");
        });
        // The grains' storage provider finds its serializer by its own name; Orleans' default (JSON) reads older states.
        services.TryAddKeyedSingleton<IGrainStorageSerializer>(GrainStorage.Clinical, (sp, _) =>
            new ClinicalStateSerializer(sp.GetRequiredService<Serializer>(), sp.GetRequiredService<IGrainStorageSerializer>()));
        services.TryAddSingleton(SafetyReportOptions.Default);
        services.TryAddSingleton(SafetySignalOptions.Default);
        return services;
    }
}
