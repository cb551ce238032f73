using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace TrialMonitor.Ingest.Bench;

public sealed record ProbeResult(double[] AlertLatenciesMs, double[] PostLatenciesMs, int TimedOut, int NotAccepted, IReadOnlyList<ProbeTiming> Alerted);

/// <summary>One probe that alerted: when it was sent (UTC, to set beside the server's GC pauses), how long to its alert and to its POST's answer.</summary>
/// <param name="BenchGcMs">The bench's own collector's pauses from the send to reading the alert: the bench shares the cores and its stalls look like the server's.</param>
public sealed record ProbeTiming(DateTime SentAt, double AlertMs, double PostMs, double BenchGcMs);

/// <summary>
/// Alert latency as a dashboard sees it: a SignalR client (JSON protocol) joins the probe centers; a probe posts one
/// first fever (≥ 38.0 °C, day 1 after infusion) for a patient that has none, which raises a CRS grade 1 alert; the
/// clock runs from just before the POST to the receipt of that patient's <c>alert</c> message.
/// </summary>
public sealed class AlertProbe(HttpClient http, Uri serverUrl, Roster probes, IEnumerable<string> centers) : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiting = new(StringComparer.Ordinal);
    private HubConnection? _connection;

    public int AlertsReceived { get; private set; }

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var token = Environment.GetEnvironmentVariable("TRIALMONITOR_TOKEN");
        _connection = new HubConnectionBuilder().WithUrl(new Uri(serverUrl, "hubs/monitoring"), o =>
        {
            if (!string.IsNullOrEmpty(token)) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        }).Build();
        _connection.On<JsonElement>("alert", alert =>
        {
            var receivedAt = Stopwatch.GetTimestamp();
            AlertsReceived++;
            if (alert.GetProperty("kind").GetString() != "crs" || alert.GetProperty("event").GetString() != "raised") return;
            if (alert.GetProperty("patientId").GetString() is { } patient && _waiting.TryRemove(patient, out var waiting))
                waiting.TrySetResult(receivedAt);
        });
        await _connection.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var center in centers)
            await _connection.InvokeAsync<JsonElement[]>("JoinCenter", center, 0L, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends probe i at <paramref name="start"/> + i × <paramref name="interval"/>, one at a time.</summary>
    public async Task<ProbeResult> RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var alertMs = new List<double>(probes.Count);
        var postMs = new List<double>(probes.Count);
        var alerted = new List<ProbeTiming>(probes.Count);
        var timedOut = 0;
        var notAccepted = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < probes.Count; i++)
        {
            var due = interval * i;
            if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed, cancellationToken).ConfigureAwait(false);

            var patient = probes.Ids[i];
            var fever = new Obs($"probe-{patient}", patient, "8310-5", 38.0m + (i % 16 / 10m), null, "Cel", probes.InfusionAt[i].AddHours(30).ToOffset(TimeSpan.FromHours(1)));
            var waiting = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[patient] = waiting;
            using var content = new ByteArrayContent(Wire.ObservationsBody([fever]));
            content.Headers.ContentType = Json;

            var sentAtUtc = DateTime.UtcNow;
            var benchPausedBefore = GC.GetTotalPauseDuration();
            var sentAt = Stopwatch.GetTimestamp();
            double answeredMs;
            using (var response = await http.PostAsync("api/v1/observations", content, cancellationToken).ConfigureAwait(false))
            {
                answeredMs = Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds;
                postMs.Add(answeredMs);
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                var accepted = response.StatusCode == HttpStatusCode.Accepted
                    && body.RootElement.TryGetProperty("accepted", out var count) && count.GetInt32() == 1;
                if (!accepted)
                {
                    notAccepted++;
                    _waiting.TryRemove(patient, out _);
                    continue;
                }
            }

            try
            {
                var receivedAt = await waiting.Task.WaitAsync(Patience, cancellationToken).ConfigureAwait(false);
                alertMs.Add(Stopwatch.GetElapsedTime(sentAt, receivedAt).TotalMilliseconds);
                alerted.Add(new ProbeTiming(sentAtUtc, alertMs[^1], answeredMs, (GC.GetTotalPauseDuration() - benchPausedBefore).TotalMilliseconds));
            }
            catch (TimeoutException)
            {
                timedOut++;
                _waiting.TryRemove(patient, out _);
            }
        }

        var alerts = alertMs.ToArray();
        var posts = postMs.ToArray();
        Array.Sort(alerts);
        Array.Sort(posts);
        return new ProbeResult(alerts, posts, timedOut, notAccepted, alerted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
