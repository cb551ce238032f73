using TrialMonitor.Contracts.Centers;

namespace TrialMonitor.Server.Hosting;

/// <summary>
/// Once a minute, and once at start-up, every center checks for patients whose vital signs have stopped coming
/// (missing data is an event, rules.md 10.2), escalates unacknowledged alerts that are due and re-delivers pages a
/// crash left behind. This is what makes escalation durable on both stores: the due times are in the persisted
/// alert events, the center's timer fires them on the second, and this loop re-activates a center after a restart
/// or on a surviving silo (no reminder table is needed, which SQLite lacks). Driven from each server process; the
/// checks are idempotent, so several processes doing it at once only repeat work.
/// </summary>
internal sealed partial class VitalSignsWatch(IGrainFactory grains, IConfiguration configuration, ILogger<VitalSignsWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Monitoring:VitalSignsCheckInterval", TimeSpan.FromMinutes(1));
        using var timer = new PeriodicTimer(interval);
        do
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
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The vital-signs check failed; it runs again at the next interval")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
