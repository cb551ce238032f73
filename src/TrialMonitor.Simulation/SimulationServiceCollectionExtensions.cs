using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TrialMonitor.Simulation;

public static class SimulationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the simulated trial: options bound from the <c>Simulation</c> section, a named HttpClient and the
    /// background service (which does nothing unless <c>Simulation:Enabled</c> is true).
    /// </summary>
    public static IServiceCollection AddTrialSimulation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SimulationOptions>().Bind(configuration.GetSection(SimulationOptions.SectionName));
        services.AddHttpClient(TrialSimulationService.HttpClientName);
        services.AddHostedService<TrialSimulationService>();
        return services;
    }
}
