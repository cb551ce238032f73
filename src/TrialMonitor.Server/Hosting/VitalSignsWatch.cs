using TrialMonitor.Contracts.Centers;

namespace TrialMonitor.Server.Hosting;

/// <summary>
/// Missing data is an event (rules.md 10.2): once a minute every center checks for patients whose vital signs have
/// stopped coming. Driven from each server process, so it needs no reminder and survives restarts; the checks
/// are idempotent, so several processes doing it at once only repeat work.
/// </summary>
internal sealed partial class VitalSignsWatch(IGrainFactory grains, IConfiguration configuration, ILogger<VitalSignsWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Monitoring:VitalSignsCheckInterval", TimeSpan.FromMinutes(1));
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var centers = await grains.GetGrain<IRegistryGrain>(0).GetCentersAsync();
                await Task.WhenAll(centers.Select(c => grains.GetGrain<ICenterGrain>(c).CheckAsync()));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogCheckFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The vital-signs check failed; it runs again at the next interval")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
