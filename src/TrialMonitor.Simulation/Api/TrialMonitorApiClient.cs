using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TrialMonitor.Simulation.Generation;

namespace TrialMonitor.Simulation.Api;

/// <summary>
/// The simulation's client of the public API (api.md): enrolment and observation batches. A transient
/// failure is retried with the same body (same ids, so a retry is safe); per-item rejections are logged as
/// warnings with index, id and error, never dropped silently. The HttpClient's BaseAddress is the server.
/// </summary>
public sealed class TrialMonitorApiClient
{
    public const int MaxBatchSize = 10_000;
    private const int MaxRejectionsLoggedPerBatch = 100;
    private const string Subject = "[subject]";

    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly RetryPolicy _retry;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public TrialMonitorApiClient(HttpClient http, ILogger<TrialMonitorApiClient> logger, RetryPolicy? retry = null, TimeProvider? time = null)
        : this(http, logger, retry ?? RetryPolicy.Default, time ?? TimeProvider.System, delay: null)
    {
    }

    /// <summary>For tests: <paramref name="delay"/> replaces the wait between attempts.</summary>
    internal TrialMonitorApiClient(HttpClient http, ILogger logger, RetryPolicy retry, TimeProvider time, Func<TimeSpan, CancellationToken, Task>? delay)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(logger);
        _http = http;
        _logger = logger;
        _retry = retry;
        _time = time;
        _delay = delay ?? ((wait, cancellationToken) => Task.Delay(wait, time, cancellationToken));
    }

    /// <summary><c>PUT /api/v1/patients/{patientId}</c>; throws <see cref="TrialMonitorApiException"/> if refused for good.</summary>
    public async Task EnrolAsync(SimulatedPatient patient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new EnrolmentRequest(patient.CenterId, patient.TrialId, patient.InfusionAt, patient.AgeYears, patient.Indication), ApiJson.Options);
        using var response = await SendAsync(HttpMethod.Put, "api/v1/patients/" + Uri.EscapeDataString(patient.PatientId), body, "Enrolment", patient.CenterId, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await RefusedAsync(response, "enrolment", patient.PatientId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>PUT /api/v1/centers/{centerId}/on-call</c>; throws <see cref="TrialMonitorApiException"/> if refused for good.</summary>
    public async Task PutOnCallAsync(string centerId, IReadOnlyList<OnCallShiftRequest> shifts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(centerId);
        var body = JsonSerializer.SerializeToUtf8Bytes(new OnCallRequest(shifts), ApiJson.Options);
        using var response = await SendAsync(HttpMethod.Put, $"api/v1/centers/{Uri.EscapeDataString(centerId)}/on-call", body, "On-call schedule", centerId, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await RefusedAsync(response, "on-call schedule", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /api/v1/observations</c> with up to 10,000 observations; logs and returns what the server did with each.</summary>
    public async Task<ObservationBatchResult> PostObservationsAsync(IReadOnlyList<WireObservation> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count is 0 or > MaxBatchSize)
            throw new ArgumentOutOfRangeException(nameof(batch), batch.Count, $"a batch holds 1 to {MaxBatchSize} observations");

        var body = JsonSerializer.SerializeToUtf8Bytes(new ObservationBatchRequest(batch), ApiJson.Options);
        var centers = string.Join(",", batch.Select(o => o.CenterId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        using var response = await SendAsync(HttpMethod.Post, "api/v1/observations", body, "Observation batch", centers, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw await RefusedAsync(response, "observation batch", null, cancellationToken).ConfigureAwait(false);

        var answer = await response.Content.ReadFromJsonAsync<ObservationBatchResponse>(ApiJson.Options, cancellationToken).ConfigureAwait(false)
                     ?? throw new TrialMonitorApiException("the server answered the observation batch with an empty body", response.StatusCode, null);
        return Report(batch, answer);
    }

    private ObservationBatchResult Report(IReadOnlyList<WireObservation> batch, ObservationBatchResponse answer)
    {
        var rejected = answer.Rejected ?? [];
        var sent = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var rejectedByCenter = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var observation in batch) sent[observation.CenterId] = sent.GetValueOrDefault(observation.CenterId) + 1;

        for (var i = 0; i < rejected.Count; i++)
        {
            var rejection = rejected[i];
            var known = rejection.Index >= 0 && rejection.Index < batch.Count;
            var centerId = known ? batch[rejection.Index].CenterId : "unknown";
            rejectedByCenter[centerId] = rejectedByCenter.GetValueOrDefault(centerId) + 1;
            if (i < MaxRejectionsLoggedPerBatch)
            {
                var error = Redact(rejection.Error ?? "no reason given", known ? batch[rejection.Index].PatientId : null);
                SimulationLog.ObservationRejected(_logger, centerId, rejection.Index, rejection.Id, error);
            }
        }

        if (rejected.Count > MaxRejectionsLoggedPerBatch) SimulationLog.MoreRejections(_logger, rejected.Count - MaxRejectionsLoggedPerBatch);
        foreach (var (centerId, count) in rejectedByCenter) SimulationLog.CenterRejections(_logger, centerId, count, sent.GetValueOrDefault(centerId));

        var counted = answer.Accepted + answer.Duplicates + rejected.Count;
        if (counted != batch.Count) SimulationLog.CountMismatch(_logger, counted, batch.Count, answer.Accepted, answer.Duplicates, rejected.Count);
        SimulationLog.BatchPosted(_logger, batch.Count, answer.Accepted, answer.Duplicates, rejected.Count);

        var byCenter = sent.ToDictionary(p => p.Key, p => new CenterCounts(p.Value, rejectedByCenter.GetValueOrDefault(p.Key)), StringComparer.Ordinal);
        foreach (var (centerId, count) in rejectedByCenter)
            byCenter.TryAdd(centerId, new CenterCounts(0, count));
        return new ObservationBatchResult(answer.Accepted, answer.Duplicates, rejected, byCenter);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[] body, string operation, string centerId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            string failure;
            try
            {
                using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!RetryPolicy.IsTransient(response.StatusCode)) return response;
                failure = $"HTTP {(int)response.StatusCode}";
                wait = _retry.DelayAfter(attempt, RetryAfter(response));
                response.Dispose();
            }
            catch (HttpRequestException exception)
            {
                failure = exception.StatusCode is { } status ? $"HTTP {(int)status}" : $"no answer: {exception.HttpRequestError}";
                wait = _retry.DelayAfter(attempt, null);
                if (_retry.MaxAttempts is { } limit && attempt >= limit)
                    throw new TrialMonitorApiException($"{operation} failed {attempt} times; the last time: {failure}", exception.StatusCode, null, exception);
            }
            catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                failure = "timed out";
                wait = _retry.DelayAfter(attempt, null);
                if (_retry.MaxAttempts is { } limit && attempt >= limit)
                    throw new TrialMonitorApiException($"{operation} failed {attempt} times; the last time: {failure}", null, null, exception);
            }

            if (_retry.MaxAttempts is { } max && attempt >= max)
                throw new TrialMonitorApiException($"{operation} failed {attempt} times; the last time: {failure}", null, null);
            SimulationLog.Retrying(_logger, operation, centerId, failure, attempt, wait);
            await _delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow(),
        _ => null,
    };

    private static async Task<TrialMonitorApiException> RefusedAsync(HttpResponseMessage response, string operation, string? patientId, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? detail = null;
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var element) && element.ValueKind == JsonValueKind.String)
                detail = element.GetString();
        }
        catch (JsonException)
        {
            detail = text.Length > 300 ? text[..300] : text;
        }

        detail = Redact(string.IsNullOrWhiteSpace(detail) ? "no detail given" : detail, patientId);
        return new TrialMonitorApiException($"the {operation} was refused with HTTP {(int)response.StatusCode}: {detail}", response.StatusCode, detail);
    }

    /// <summary>Replaces the subject id in a server message, so that logs name no patient.</summary>
    internal static string Redact(string text, string? patientId) =>
        string.IsNullOrEmpty(patientId) ? text : text.Replace(patientId, Subject, StringComparison.Ordinal);
}
