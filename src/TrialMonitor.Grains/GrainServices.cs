using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrialMonitor.Clinical;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Sae;

namespace TrialMonitor.Grains;

public static class GrainServices
{
    /// <summary>
    /// What the grains need besides storage: the clinical engine's normaliser and options, the alert policy, the SAE
    /// clocks and a clock. The observation log (<c>IObservationLog</c>) is the host's to register, as it depends on the provider.
    /// </summary>
    public static IServiceCollection AddTrialMonitorGrainServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(ObservationNormaliser.Default);
        services.TryAddSingleton(ClinicalRulesOptions.Default);
        services.TryAddSingleton(AlertPolicyOptions.Default);
        services.TryAddSingleton(SaeOptions.Default);
        return services;
    }
}
