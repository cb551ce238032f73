using Microsoft.Extensions.Diagnostics.HealthChecks;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Persistence;

namespace TrialMonitor.Server.Hosting;

/// <summary>Ready only when the observation log answers: without it nothing can be accepted.</summary>
internal sealed class StorageHealthCheck(IObservationLog log) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await log.CountQuarantinedAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("the observation log does not answer", exception);
        }
    }
}

/// <summary>Ready only when a grain call completes: the silo has joined its cluster and storage is reachable.</summary>
internal sealed class SiloHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<ICenterGrain>("health-probe").GetSummaryAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("a grain call did not complete", exception);
        }
    }
}
