using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrialMonitor.Server.Tests.Support;
using static TrialMonitor.Server.Security.TrialMonitorRoles;

namespace TrialMonitor.Server.Tests;

/// <summary>
/// A data manager reviews the quarantine of their centers: a release goes through the real ingest path (a corrected
/// unit is accepted and graded, an impossible value is refused again), a discard needs a note, each row is reviewed
/// once, and nobody else may do it.
/// </summary>
public abstract class QuarantineReviewTests(ServerFixture server)
{
    private static readonly DateTimeOffset InfusionAt = DateTimeOffset.UtcNow.AddDays(-3);

    private HttpClient Client => server.Client;

    [Fact]
    public async Task A_temperature_sent_in_fahrenheit_labelled_celsius_is_released_with_the_corrected_unit_and_graded_once()
    {
        await TrialMonitorApi.EnrolAsync(Client, "QR-001", "QR-C1", InfusionAt);
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        var ingest = await TrialMonitorApi.PostObservationsAsync(Client, [TrialMonitorApi.Observation("qr1-t", "QR-001", "8310-5", 101.3m, "Cel", at)]);
        Assert.Equal(0, ingest.GetProperty("accepted").GetInt32());

        using var manager = ManagerOf("dm-qr1", "QR-C1");
        var row = await FindAsync(manager, "QR-C1", "qr1-t");
        Assert.Equal("QR-001", row.GetProperty("patientId").GetString());
        Assert.Equal("value", row.GetProperty("field").GetString());
        Assert.Contains("outside", row.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(101.3m, row.GetProperty("submitted").GetProperty("value").GetDecimal());
        Assert.Equal("pending", row.GetProperty("status").GetString());
        var id = row.GetProperty("id").GetInt64();

        using var released = await PostAsync(manager, $"/api/v1/quarantine/{id}/release", new { unit = "[degF]", note = "device sends °F under the Cel label" });
        var body = await ReadAsync(released);
        Assert.True(released.StatusCode == HttpStatusCode.OK, body.GetRawText());
        Assert.Equal(1, body.GetProperty("ingest").GetProperty("accepted").GetInt32());
        Assert.Equal($"q{id}-qr1-t", body.GetProperty("observationId").GetString());
        Assert.Equal("released", body.GetProperty("quarantine").GetProperty("status").GetString());
        Assert.Equal("dm-qr1", body.GetProperty("quarantine").GetProperty("reviewedBy").GetString());
        Assert.Equal("device sends °F under the Cel label", body.GetProperty("quarantine").GetProperty("reviewNote").GetString());

        // 101.3 °F = 38.5 °C: a fever, graded.
        var status = await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/patients/QR-001/status");
        Assert.Equal(1, status.GetProperty("observationCount").GetInt32());
        Assert.True(status.GetProperty("crs").GetProperty("grade").GetInt32() >= 1, status.GetRawText());

        using var again = await PostAsync(manager, $"/api/v1/quarantine/{id}/release", new { unit = "[degF]", note = "again" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var discard = await PostAsync(manager, $"/api/v1/quarantine/{id}/discard", new { note = "too late" });
        Assert.Equal(HttpStatusCode.Conflict, discard.StatusCode);
        Assert.Equal(1, (await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/patients/QR-001/status")).GetProperty("observationCount").GetInt32());

        var listed = await TrialMonitorApi.GetJsonAsync(manager, "/api/v1/centers/QR-C1/quarantine?status=released");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);
        var pending = await TrialMonitorApi.GetJsonAsync(manager, "/api/v1/centers/QR-C1/quarantine");
        Assert.DoesNotContain(pending.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public async Task A_release_with_a_still_impossible_value_is_a_422_naming_the_field_and_the_row_stays_pending()
    {
        await TrialMonitorApi.EnrolAsync(Client, "QR-002", "QR-C2", InfusionAt);
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        await TrialMonitorApi.PostObservationsAsync(Client, [TrialMonitorApi.Observation("qr2-spo2", "QR-002", "59408-5", 150m, "%", at)]);
        using var manager = ManagerOf("dm-qr2", "QR-C2");
        var id = (await FindAsync(manager, "QR-C2", "qr2-spo2")).GetProperty("id").GetInt64();

        using var refused = await PostAsync(manager, $"/api/v1/quarantine/{id}/release", new { value = 105, note = "typo?" });
        var problem = await ReadAsync(refused);
        Assert.True(refused.StatusCode == HttpStatusCode.UnprocessableEntity, problem.GetRawText());
        Assert.Equal("value", problem.GetProperty("field").GetString());
        Assert.StartsWith("value:", problem.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("outside", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var page = await TrialMonitorApi.GetJsonAsync(manager, "/api/v1/centers/QR-C2/quarantine?status=all");
        var rows = page.GetProperty("items").EnumerateArray().ToArray();
        // Still pending, and the refused release was not quarantined a second time.
        Assert.Equal("pending", Assert.Single(rows).GetProperty("status").GetString());
        Assert.Equal(0, (await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/patients/QR-002/status")).GetProperty("observationCount").GetInt32());

        using var fixedRelease = await PostAsync(manager, $"/api/v1/quarantine/{id}/release", new { value = 95, note = "150 was a typo for 95 (source record checked)" });
        Assert.Equal(HttpStatusCode.OK, fixedRelease.StatusCode);
        Assert.Equal(1, (await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/patients/QR-002/status")).GetProperty("observationCount").GetInt32());
    }

    [Fact]
    public async Task A_discard_needs_a_note_and_happens_once()
    {
        await TrialMonitorApi.EnrolAsync(Client, "QR-003", "QR-C3", InfusionAt);
        await TrialMonitorApi.PostObservationsAsync(Client, [TrialMonitorApi.Observation("qr3-hr", "QR-003", "8867-4", 90m, "mm[Hg]", DateTimeOffset.UtcNow.AddMinutes(-5))]);
        using var manager = ManagerOf("dm-qr3", "QR-C3");
        var row = await FindAsync(manager, "QR-C3", "qr3-hr");
        Assert.Equal("unit", row.GetProperty("field").GetString());
        var id = row.GetProperty("id").GetInt64();

        using var noNote = await PostAsync(manager, $"/api/v1/quarantine/{id}/discard", new { });
        var problem = await ReadAsync(noNote);
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.StartsWith("note:", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var blank = await PostAsync(manager, $"/api/v1/quarantine/{id}/discard", new { note = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);

        using var discarded = await PostAsync(manager, $"/api/v1/quarantine/{id}/discard", new { note = "test message from the interface engine" });
        var body = await ReadAsync(discarded);
        Assert.True(discarded.StatusCode == HttpStatusCode.OK, body.GetRawText());
        Assert.Equal("discarded", body.GetProperty("status").GetString());
        Assert.Equal("dm-qr3", body.GetProperty("reviewedBy").GetString());
        Assert.Equal("test message from the interface engine", body.GetProperty("reviewNote").GetString());

        using var twice = await PostAsync(manager, $"/api/v1/quarantine/{id}/discard", new { note = "again" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        using var release = await PostAsync(manager, $"/api/v1/quarantine/{id}/release", new { unit = "/min", note = "changed my mind" });
        Assert.Equal(HttpStatusCode.Conflict, release.StatusCode);
        Assert.Equal(0, (await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/patients/QR-003/status")).GetProperty("observationCount").GetInt32());

        using var unknown = await PostAsync(manager, "/api/v1/quarantine/999999999/discard", new { note = "x" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var notANumber = await PostAsync(manager, "/api/v1/quarantine/abc/release", new { note = "x" });
        Assert.Equal(HttpStatusCode.NotFound, notANumber.StatusCode);
    }

    [Fact]
    public async Task A_data_manager_of_another_center_and_a_clinician_are_refused()
    {
        await TrialMonitorApi.EnrolAsync(Client, "QR-004", "QR-C4", InfusionAt);
        await TrialMonitorApi.PostObservationsAsync(Client, [TrialMonitorApi.Observation("qr4-t", "QR-004", "8310-5", 101.3m, "Cel", DateTimeOffset.UtcNow.AddMinutes(-5))]);
        using var manager = ManagerOf("dm-qr4", "QR-C4");
        var id = (await FindAsync(manager, "QR-C4", "qr4-t")).GetProperty("id").GetInt64();

        using var elsewhere = ManagerOf("dm-elsewhere", "QR-OTHER");
        using var clinician = Factory.CreateClient(TrialMonitorFactory.TokenFor("clin-qr4", [Clinician], ["QR-C4"]));
        foreach (var client in (HttpClient[])[elsewhere, clinician])
        {
            using var list = await client.GetAsync(new Uri("/api/v1/centers/QR-C4/quarantine", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
            using var release = await PostAsync(client, $"/api/v1/quarantine/{id}/release", new { unit = "[degF]", note = "x" });
            Assert.Equal(HttpStatusCode.Forbidden, release.StatusCode);
            using var discard = await PostAsync(client, $"/api/v1/quarantine/{id}/discard", new { note = "x" });
            Assert.Equal(HttpStatusCode.Forbidden, discard.StatusCode);
        }

        Assert.Equal("pending", (await FindAsync(manager, "QR-C4", "qr4-t")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Rows_without_a_center_are_listed_as_unassigned_to_data_managers_of_every_center_only()
    {
        await TrialMonitorApi.PostObservationsAsync(Client, [TrialMonitorApi.Observation("qr5-early", "QR-005", "8310-5", 38.6m, "Cel", DateTimeOffset.UtcNow.AddMinutes(-5))]);
        using var everywhere = ManagerOf("dm-all", AllCenters);
        var row = await FindAsync(everywhere, "_unassigned", "qr5-early");
        Assert.Equal("patientId", row.GetProperty("field").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("centerId").ValueKind);
        var id = row.GetProperty("id").GetInt64();

        using var local = ManagerOf("dm-qr5", "QR-C5");
        using var list = await local.GetAsync(new Uri("/api/v1/centers/_unassigned/quarantine", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        using var refused = await PostAsync(local, $"/api/v1/quarantine/{id}/release", new { note = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // Sent before the enrolment: once the patient is enrolled, the observation can be released as it was.
        await TrialMonitorApi.EnrolAsync(Client, "QR-005", "QR-C5", InfusionAt);
        using var released = await PostAsync(everywhere, $"/api/v1/quarantine/{id}/release", new { note = "arrived before the enrolment" });
        Assert.True(released.StatusCode == HttpStatusCode.OK, (await ReadAsync(released)).GetRawText());
        Assert.Equal(1, (await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/patients/QR-005/status")).GetProperty("observationCount").GetInt32());
    }

    [Theory]
    [InlineData("?limit=0", "limit:")]
    [InlineData("?limit=501", "limit:")]
    [InlineData("?status=accepted", "status:")]
    [InlineData("?afterId=-1", "afterId:")]
    public async Task Bad_list_parameters_are_a_400_naming_them(string query, string detailStart)
    {
        using var manager = ManagerOf("dm-qr6", "QR-C6");
        using var response = await manager.GetAsync(new Uri("/api/v1/centers/QR-C6/quarantine" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(detailStart, (await ReadAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private TrialMonitorFactory Factory => server.Factory;

    private HttpClient ManagerOf(string user, string center) => Factory.CreateClient(TrialMonitorFactory.TokenFor(user, [DataManager], [center]));

    private static async Task<JsonElement> FindAsync(HttpClient client, string center, string observationId)
    {
        var page = await TrialMonitorApi.GetJsonAsync(client, $"/api/v1/centers/{center}/quarantine?status=all&limit=500");
        return Assert.Single(page.GetProperty("items").EnumerateArray(), r => r.GetProperty("observationId").GetString() == observationId);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body) =>
        client.PostAsync(new Uri(path, UriKind.Relative), JsonContent.Create(body));

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}

[Collection(SqliteServerGroup.Name)]
public sealed class QuarantineReviewOnSqliteTests(SqliteServerFixture server) : QuarantineReviewTests(server);

[Collection(PostgresServerGroup.Name)]
public sealed class QuarantineReviewOnPostgresTests(PostgresServerFixture server) : QuarantineReviewTests(server);
