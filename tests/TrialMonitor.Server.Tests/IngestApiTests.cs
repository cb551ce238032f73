using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>The ingest and enrolment contract: per-item rejections, duplicates, malformed bodies, conflicts.</summary>
public abstract class IngestApiTests(ServerFixture server)
{
    private static readonly DateTimeOffset InfusionAt = DateTimeOffset.UtcNow.AddDays(-3).AddTicks(-(DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerSecond));

    private HttpClient Client => server.Client;

    [Fact]
    public async Task Bad_items_are_rejected_one_by_one_naming_field_and_reason_and_the_rest_is_accepted()
    {
        await TrialMonitorApi.EnrolAsync(Client, "ING-001", "ING-CTR", InfusionAt);
        var at = InfusionAt.AddHours(30);
        var response = await TrialMonitorApi.PostObservationsAsync(Client,
        [
            TrialMonitorApi.Observation("ing1-ok", "ING-001", "8310-5", 38.4m, "Cel", at),
            TrialMonitorApi.Observation("ing1-unknown-patient", "NOBODY-1", "8310-5", 38.4m, "Cel", at),
            TrialMonitorApi.Observation("ing1-bad-unit", "ING-001", "8310-5", 38.4m, "mm[Hg]", at),
            TrialMonitorApi.Observation("ing1-implausible", "ING-001", "8310-5", 98.9m, "Cel", at),
            TrialMonitorApi.Observation("ing1-unknown-code", "ING-001", "1234-5", 1m, "Cel", at),
            TrialMonitorApi.Observation("ing1-future", "ING-001", "8867-4", 90m, "/min", DateTimeOffset.UtcNow.AddHours(2)),
            new JsonObject { ["id"] = "ing1-no-time", ["patientId"] = "ING-001", ["code"] = "8867-4", ["value"] = 90, ["unit"] = "/min", ["effectiveAt"] = "2026-03-03T14:05:00" },
            new JsonObject { ["patientId"] = "ING-001", ["code"] = "8867-4", ["value"] = 90, ["unit"] = "/min", ["effectiveAt"] = at.ToString("O") },
        ]);

        Assert.Equal(1, response.GetProperty("accepted").GetInt32());
        var errors = response.GetProperty("rejected").EnumerateArray()
            .ToDictionary(r => r.GetProperty("index").GetInt32(), r => r.GetProperty("error").GetString()!);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], errors.Keys.Order());
        Assert.StartsWith("patientId:", errors[1], StringComparison.Ordinal);
        Assert.Contains("not enrolled", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("unit:", errors[2], StringComparison.Ordinal);
        Assert.Contains("mm[Hg]", errors[2], StringComparison.Ordinal);
        Assert.Equal("value: temperature 98.9 Cel is outside 25–45 °C", errors[3]);
        Assert.StartsWith("code:", errors[4], StringComparison.Ordinal);
        Assert.StartsWith("effectiveAt:", errors[5], StringComparison.Ordinal);
        Assert.StartsWith("effectiveAt:", errors[6], StringComparison.Ordinal);
        Assert.Contains("offset", errors[6], StringComparison.Ordinal);
        Assert.StartsWith("id:", errors[7], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_id_seen_before_is_a_duplicate_even_when_the_rest_differs_or_the_patient_is_another()
    {
        await TrialMonitorApi.EnrolAsync(Client, "ING-002", "ING-CTR", InfusionAt);
        await TrialMonitorApi.EnrolAsync(Client, "ING-003", "ING-CTR", InfusionAt);
        var at = InfusionAt.AddHours(20);
        var first = await TrialMonitorApi.PostObservationsAsync(Client, [TrialMonitorApi.Observation("ing2-1", "ING-002", "8310-5", 37.0m, "Cel", at)]);
        var again = await TrialMonitorApi.PostObservationsAsync(Client,
        [
            TrialMonitorApi.Observation("ing2-1", "ING-002", "8310-5", 39.5m, "Cel", at),
            TrialMonitorApi.Observation("ing2-1", "ING-003", "8310-5", 39.5m, "Cel", at),
        ]);

        Assert.Equal(1, first.GetProperty("accepted").GetInt32());
        Assert.Equal(0, again.GetProperty("accepted").GetInt32());
        Assert.Equal(2, again.GetProperty("duplicates").GetInt32());
        var status = await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/patients/ING-002/status");
        Assert.Equal(0, status.GetProperty("crs").GetProperty("grade").GetInt32());
        Assert.Equal(0, (await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/patients/ING-003/status")).GetProperty("observationCount").GetInt32());
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("{\"observations\": 3}", "observations:")]
    [InlineData("{}", "observations:")]
    public async Task A_malformed_body_is_a_400_problem(string body, string detailContains)
    {
        using var response = await Client.PostAsync(new Uri("/api/v1/observations", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains(detailContains, (string)problem!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_ten_thousand_observations_in_one_request_is_a_400_problem()
    {
        var items = Enumerable.Range(0, 10_001).Select(i => (JsonNode)TrialMonitorApi.Observation($"big-{i}", "ING-001", "8867-4", 80m, "/min", InfusionAt));
        using var response = await Client.PostAsync(new Uri("/api/v1/observations", UriKind.Relative),
            JsonContent.Create(new JsonObject { ["observations"] = new JsonArray([.. items]) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("10,000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enrolment_is_idempotent_and_another_center_is_a_409()
    {
        using var first = await TrialMonitorApi.EnrolAsync(Client, "ING-004", "ING-CTR", InfusionAt);
        using var same = await TrialMonitorApi.EnrolAsync(Client, "ING-004", "ING-CTR", InfusionAt);
        using var other = await TrialMonitorApi.EnrolAsync(Client, "ING-004", "OTHER-CTR", InfusionAt);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Contains("centerId", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\"}", "centerId")]
    [InlineData("{\"centerId\":\"C\",\"trialId\":\"T\"}", "infusionAt")]
    [InlineData("{\"centerId\":\"C\",\"trialId\":\"T\",\"infusionAt\":\"2026-03-02 08:00\"}", "infusionAt")]
    [InlineData("{\"centerId\":\"C\",\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\",\"ageYears\":-1}", "ageYears")]
    [InlineData("{\"centerId\":\"Dr Jane Smith\",\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\"}", "centerId")]
    public async Task A_bad_enrolment_is_a_400_naming_the_field(string body, string field)
    {
        using var response = await Client.PutAsync(new Uri("/api/v1/patients/ING-005", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.StartsWith(field, (string)problem!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_of_a_patient_not_enrolled_is_a_404_problem()
    {
        using var response = await Client.GetAsync(new Uri("/api/v1/patients/NOBODY-2/status", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        using var live = await Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await Client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}

[Collection(SqliteServerGroup.Name)]
public sealed class IngestApiOnSqliteTests(SqliteServerFixture server) : IngestApiTests(server);

[Collection(PostgresServerGroup.Name)]
public sealed class IngestApiOnPostgresTests(PostgresServerFixture server) : IngestApiTests(server);
