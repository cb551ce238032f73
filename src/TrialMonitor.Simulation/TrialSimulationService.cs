using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrialMonitor.Simulation.Api;
using TrialMonitor.Simulation.Generation;

namespace TrialMonitor.Simulation;

/// <summary>
/// Runs the simulated trial against the server: once the host has started, it enrols every patient
/// (retrying until the server answers), then releases observations as the simulated clock passes their
/// effective time and posts them in batches.
/// </summary>
public sealed class TrialSimulationService(
    IOptions<SimulationOptions> options,
    IHttpClientFactory httpClientFactory,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory,
    TimeProvider? time = null,
    ISimulationTarget? target = null) : BackgroundService
{
    public const string HttpClientName = "TrialMonitor.Simulation";

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMinutes(1);

    private readonly ILogger _logger = loggerFactory.CreateLogger<TrialSimulationService>();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            SimulationLog.Disabled(_logger);
            return;
        }

        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            SimulationLog.InvalidOptions(_logger, string.Join("; ", problems));
            return;
        }

        try
        {
            await WhenStartedAsync(stoppingToken).ConfigureAwait(false);
            var baseAddress = BaseAddress(settings);
            if (baseAddress is null)
            {
                SimulationLog.NoBaseAddress(_logger);
                return;
            }

            var trial = SimulatedTrial.Generate(settings, SimulatedTrial.StartFor(_time.GetUtcNow(), settings.HistoryDays));
            SimulationLog.Generated(_logger, settings.TrialId, trial.TrialStart, trial.Patients.Count, settings.EffectiveCenters.Count, trial.Observations.Count, baseAddress);

            using var http = httpClientFactory.CreateClient(HttpClientName);
            http.BaseAddress = baseAddress;
            if ((settings.BearerToken ?? target?.BearerTokenFor(settings.EffectiveCenters)) is { } token)
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var client = new TrialMonitorApiClient(http, loggerFactory.CreateLogger<TrialMonitorApiClient>(), RetryPolicy.Default, _time);
            var refused = await EnrolAsync(client, trial.Patients, stoppingToken).ConfigureAwait(false);
            await StreamAsync(client, settings, trial, refused, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
    }

    private Uri? BaseAddress(SimulationOptions settings)
    {
        var address = string.IsNullOrEmpty(settings.BaseUrl) ? target?.BaseAddress : new Uri(settings.BaseUrl, UriKind.Absolute);
        if (address is null) return null;
        // Relative request paths append to a base address only when it ends with a slash.
        return address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
    }

    // The roles alerts are paged to (rules.md 10.3), each held by a simulated person named as such.
    private static readonly string[] OnCallRoles =
        ["bedside-nurse", "cart-physician-on-call", "cart-attending", "icu-outreach", "neurology", "data-manager", "principal-investigator", "sponsor-medical-monitor"];

    /// <summary>
    /// Gives the center an on-call schedule, so that the pages a newcomer sees name who would be paged. The names say
    /// they are simulated; a refusal is logged and the simulation goes on without it.
    /// </summary>
    private async Task PutOnCallAsync(TrialMonitorApiClient client, string centerId, CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        var shifts = OnCallRoles.Select(role => new OnCallShiftRequest(role, $"simulated {role} of {centerId}", null, now.AddDays(-1), now.AddDays(90))).ToArray();
        try
        {
            await client.PutOnCallAsync(centerId, shifts, stoppingToken).ConfigureAwait(false);
        }
        catch (TrialMonitorApiException exception)
        {
            SimulationLog.OnCallRefused(_logger, centerId, exception.Status is { } status ? $"HTTP {(int)status}" : "no answer", exception.Detail ?? exception.Message);
        }
    }

    /// <summary>Enrols every patient; returns those the server refused for good, whose observations are then not sent.</summary>
    private async Task<HashSet<string>> EnrolAsync(TrialMonitorApiClient client, IReadOnlyList<SimulatedPatient> patients, CancellationToken stoppingToken)
    {
        var refused = new HashSet<string>(StringComparer.Ordinal);
        foreach (var center in patients.GroupBy(p => p.CenterId, StringComparer.Ordinal))
        {
            await PutOnCallAsync(client, center.Key, stoppingToken).ConfigureAwait(false);
            var enrolled = 0;
            foreach (var patient in center)
            {
                try
                {
                    await client.EnrolAsync(patient, stoppingToken).ConfigureAwait(false);
                    enrolled++;
                }
                catch (TrialMonitorApiException exception)
                {
                    refused.Add(patient.PatientId);
                    SimulationLog.EnrolmentRefused(_logger, center.Key, exception.Status is { } status ? $"HTTP {(int)status}" : "no answer", exception.Detail ?? exception.Message);
                }
            }

            SimulationLog.CenterEnrolled(_logger, center.Key, enrolled, center.Count());
        }

        return refused;
    }

    private async Task StreamAsync(TrialMonitorApiClient client, SimulationOptions settings, SimulatedTrial trial, HashSet<string> refused, CancellationToken stoppingToken)
    {
        var schedule = new ObservationSchedule(ObservationSchedule.Without(trial.Observations, refused));
        var clock = new SimulationClock(trial.TrialStart, settings.Acceleration, _time);
        var totals = new TrialTotals();
        var caughtUp = false;
        var nextProgress = _time.GetUtcNow() + ProgressEvery;

        using var timer = new PeriodicTimer(settings.BatchInterval, _time);
        do
        {
            var now = clock.Now;
            for (var batch = schedule.TakeDue(now, settings.MaxBatchSize); batch.Count > 0; batch = schedule.TakeDue(now, settings.MaxBatchSize))
                await PostAsync(client, batch, totals, stoppingToken).ConfigureAwait(false);

            if (!caughtUp && clock.CaughtUp)
            {
                caughtUp = true;
                SimulationLog.CaughtUp(_logger);
                totals.LogPerCenter(_logger);
            }

            if (_time.GetUtcNow() >= nextProgress)
            {
                nextProgress = _time.GetUtcNow() + ProgressEvery;
                SimulationLog.Progress(_logger, now, caughtUp ? "real time" : $"{settings.Acceleration}x", schedule.Released, schedule.Remaining, totals.Accepted, totals.Duplicates, totals.Rejected);
            }
        }
        while (!schedule.Completed && await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));

        SimulationLog.Completed(_logger);
        totals.LogPerCenter(_logger);
    }

    private async Task PostAsync(TrialMonitorApiClient client, IReadOnlyList<WireObservation> batch, TrialTotals totals, CancellationToken stoppingToken)
    {
        try
        {
            totals.Add(await client.PostObservationsAsync(batch, stoppingToken).ConfigureAwait(false));
        }
        catch (TrialMonitorApiException exception)
        {
            // A refusal for good (a malformed batch) would be refused again: log it loudly and go on.
            var centers = string.Join(", ", batch.GroupBy(o => o.CenterId, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
            SimulationLog.BatchRefused(_logger, batch.Count, centers, exception.Status is { } status ? $"HTTP {(int)status}" : "no answer", exception.Detail ?? exception.Message);
            totals.AddRefused(batch);
        }
    }
}
