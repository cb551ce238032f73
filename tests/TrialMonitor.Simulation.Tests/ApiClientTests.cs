using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TrialMonitor.Simulation.Api;
using TrialMonitor.Simulation.Generation;
using TrialMonitor.Simulation.Tests.Support;

namespace TrialMonitor.Simulation.Tests;

public sealed class ApiClientTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly SimulatedPatient Patient = new("BDX-007", "FR-BDX", "CART-SLE-01", Now.AddDays(-3), 34, Indications.Sle);

    private readonly CapturingLoggerFactory _logs = new();
    private readonly List<TimeSpan> _waits = [];

    public void Dispose() => _logs.Dispose();

    private static IReadOnlyList<WireObservation> Batch(params (string Id, string PatientId, string CenterId)[] items) =>
        [.. items.Select((item, i) => new WireObservation(item.Id, item.PatientId, "8310-5", WireValue.Of(37.1m + i), "Cel", Now.AddMinutes(-i)) { CenterId = item.CenterId })];

    private TrialMonitorApiClient Client(ScriptedHandler handler, RetryPolicy? retry = null) =>
        new(new HttpClient(handler) { BaseAddress = new Uri("http://trialmonitor.test/") },
            _logs.CreateLogger("client"),
            retry ?? RetryPolicy.Default,
            new ManualTimeProvider(Now),
            (wait, _) =>
            {
                _waits.Add(wait);
                return Task.CompletedTask;
            });

    private static HttpResponseMessage Accepted(int accepted, int duplicates = 0, string rejected = "[]") =>
        ScriptedHandler.Json(HttpStatusCode.Accepted, $$"""{ "accepted": {{accepted}}, "duplicates": {{duplicates}}, "rejected": {{rejected}} }""");

    [Fact]
    public async Task A_503_is_retried_with_the_same_batch_after_the_retry_after_delay()
    {
        var handler = new ScriptedHandler()
            .Then(_ =>
            {
                var busy = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
                busy.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
                return busy;
            })
            .Then(_ => Accepted(2));
        var batch = Batch(("sim-a-00001", "BDX-007", "FR-BDX"), ("sim-a-00002", "BDX-007", "FR-BDX"));

        var result = await Client(handler).PostObservationsAsync(batch, CancellationToken.None);

        Assert.Equal(2, result.Accepted);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Post, r.Method));
        Assert.All(handler.Requests, r => Assert.Equal("http://trialmonitor.test/api/v1/observations", r.Uri.ToString()));
        Assert.Equal(handler.Requests[0].Body, handler.Requests[1].Body);
        Assert.Equal(["sim-a-00001", "sim-a-00002"], Ids(handler.Requests[1].Body));
        Assert.Equal([TimeSpan.FromSeconds(7)], _waits);
    }

    [Fact]
    public async Task A_retry_after_date_a_429_and_a_lost_connection_are_all_retried_and_back_off_without_a_hint()
    {
        var handler = new ScriptedHandler()
            .Then(_ =>
            {
                var busy = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
                busy.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddSeconds(20));
                return busy;
            })
            .Then(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused"))
            .Then(_ => new HttpResponseMessage(HttpStatusCode.BadGateway))
            .Then(_ => Accepted(1));

        await Client(handler).PostObservationsAsync(Batch(("sim-b-00001", "BDX-007", "FR-BDX")), CancellationToken.None);

        Assert.Equal(4, handler.Requests.Count);
        Assert.Single(handler.Requests.Select(r => r.Body).Distinct());
        Assert.Equal([TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], _waits);
        Assert.Equal(3, _logs.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("retrying", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Per_item_rejections_are_returned_and_logged_as_warnings_with_index_id_and_error_but_no_subject_id()
    {
        var handler = new ScriptedHandler().Then(_ => Accepted(1, duplicates: 1, rejected: """
            [ { "index": 2, "id": "sim-c-00003", "error": "temperature 98.9 Cel is outside 25–45 °C" },
              { "index": 3, "id": "sim-c-00004", "error": "patient 'LIL-002' is not enrolled" } ]
            """));
        var batch = Batch(("sim-c-00001", "BDX-007", "FR-BDX"), ("sim-c-00002", "BDX-007", "FR-BDX"), ("sim-c-00003", "BDX-007", "FR-BDX"), ("sim-c-00004", "LIL-002", "FR-LIL"));

        var result = await Client(handler).PostObservationsAsync(batch, CancellationToken.None);

        Assert.Equal((1, 1), (result.Accepted, result.Duplicates));
        Assert.Equal([2, 3], result.Rejected.Select(r => r.Index));
        Assert.Equal(new CenterCounts(3, 1), result.ByCenter["FR-BDX"]);
        Assert.Equal(new CenterCounts(1, 1), result.ByCenter["FR-LIL"]);

        var warnings = _logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains(warnings, m => m.Contains("observation 2 (sim-c-00003)", StringComparison.Ordinal) && m.Contains("98.9 Cel is outside", StringComparison.Ordinal) && m.Contains("FR-BDX", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("observation 3 (sim-c-00004)", StringComparison.Ordinal) && m.Contains("patient '[subject]' is not enrolled", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("FR-LIL: 1 of 1", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("BDX-007", StringComparison.Ordinal) || e.Message.Contains("LIL-002", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_batch_is_not_retried_and_surfaces_the_problem_detail()
    {
        var handler = new ScriptedHandler().Then(_ => ScriptedHandler.Json(HttpStatusCode.BadRequest,
            """{ "title": "Bad request", "status": 400, "detail": "observations must be an array" }""", "application/problem+json"));

        var failure = await Assert.ThrowsAsync<TrialMonitorApiException>(() => Client(handler).PostObservationsAsync(Batch(("sim-d-00001", "BDX-007", "FR-BDX")), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, failure.Status);
        Assert.Equal("observations must be an array", failure.Detail);
        Assert.Single(handler.Requests);
        Assert.Empty(_waits);
    }

    [Fact]
    public async Task Retries_stop_after_the_attempts_allowed()
    {
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError));

        await Assert.ThrowsAsync<TrialMonitorApiException>(() => Client(handler, new RetryPolicy { MaxAttempts = 3 }).EnrolAsync(Patient, CancellationToken.None));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], _waits);
    }

    [Fact]
    public async Task Enrolment_puts_the_contract_body_at_the_subject_url()
    {
        var handler = new ScriptedHandler().Then(_ => new HttpResponseMessage(HttpStatusCode.OK));

        await Client(handler).EnrolAsync(Patient, CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("http://trialmonitor.test/api/v1/patients/BDX-007", request.Uri.ToString());
        Assert.Equal("application/json", request.ContentType);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("FR-BDX", body.RootElement.GetProperty("centerId").GetString());
        Assert.Equal("CART-SLE-01", body.RootElement.GetProperty("trialId").GetString());
        Assert.Equal(Patient.InfusionAt, body.RootElement.GetProperty("infusionAt").GetDateTimeOffset());
        Assert.Equal(34, body.RootElement.GetProperty("ageYears").GetInt32());
        Assert.Equal("SLE", body.RootElement.GetProperty("indication").GetString());
    }

    [Fact]
    public async Task A_batch_over_10000_observations_is_refused_before_sending()
    {
        var handler = new ScriptedHandler();
        var batch = Enumerable.Range(0, 10_001).Select(i => new WireObservation($"x-{i}", "BDX-007", "8867-4", WireValue.Of(80m), "/min", Now)).ToList();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client(handler).PostObservationsAsync(batch, CancellationToken.None));
        Assert.Empty(handler.Requests);
    }

    private static List<string> Ids(string body)
    {
        using var document = JsonDocument.Parse(body);
        return [.. document.RootElement.GetProperty("observations").EnumerateArray().Select(o => o.GetProperty("id").GetString()!)];
    }
}
