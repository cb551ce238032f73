using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>SAE drafts over HTTP: death reports (validated field by field), CRS grade 3 drafts, and completing a clock once.</summary>
public abstract class SaeApiTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    private Task<HttpResponseMessage> PostAsync(string path, JsonNode? body) =>
        Client.PostAsync(new Uri(path, UriKind.Relative), body is null ? null : JsonContent.Create(body));

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    [Theory]
    [InlineData("{}", "diedAt:")]
    [InlineData("{\"diedAt\":null}", "diedAt:")]
    [InlineData("{\"diedAt\":\"yesterday\"}", "diedAt:")]
    [InlineData("{\"diedAt\":\"2026-01-14T03:10:00\"}", "diedAt:")]
    [InlineData("{\"diedAt\":20260114}", "diedAt:")]
    [InlineData("{\"diedAt\":\"FUTURE\"}", "diedAt:")]
    [InlineData("{\"diedAt\":\"2026-01-14T03:10:00Z\",\"cause\":42}", "cause:")]
    [InlineData("[]", "the body must be a JSON object")]
    [InlineData("{", "the body is not valid JSON")]
    public async Task A_death_report_that_is_not_valid_is_a_400_naming_the_field(string body, string detailStart)
    {
        await TrialMonitorApi.EnrolAsync(Client, "SAE-V01", "SAE-VCTR", DateTimeOffset.UtcNow.AddDays(-3));
        body = body.Replace("FUTURE", DateTimeOffset.UtcNow.AddHours(1).ToString("O"), StringComparison.Ordinal);

        using var response = await Client.PostAsync(new Uri("/api/v1/patients/SAE-V01/death", UriKind.Relative),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(detailStart, await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_death_within_the_clock_skew_is_accepted_and_an_unknown_patient_is_a_404()
    {
        using var unknown = await PostAsync("/api/v1/patients/SAE-NOBODY/death", new JsonObject { ["diedAt"] = DateTimeOffset.UtcNow.ToString("O") });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.StartsWith("patientId:", await DetailAsync(unknown), StringComparison.Ordinal);

        using var badId = await PostAsync("/api/v1/patients/SAE%20X/death", new JsonObject { ["diedAt"] = DateTimeOffset.UtcNow.ToString("O") });
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.StartsWith("patientId", await DetailAsync(badId), StringComparison.Ordinal);

        await TrialMonitorApi.EnrolAsync(Client, "SAE-S01", "SAE-SCTR", DateTimeOffset.UtcNow.AddDays(-3));
        using var skewed = await PostAsync("/api/v1/patients/SAE-S01/death", new JsonObject { ["diedAt"] = DateTimeOffset.UtcNow.AddMinutes(2).ToString("O") });
        Assert.Equal(HttpStatusCode.Created, skewed.StatusCode);
    }

    [Fact]
    public async Task A_death_report_opens_a_draft_whose_clocks_complete_once()
    {
        var infusionAt = DateTimeOffset.UtcNow.AddDays(-5);
        await TrialMonitorApi.EnrolAsync(Client, "SAE-D01", "SAE-DCTR", infusionAt);
        var diedAt = DateTimeOffset.UtcNow.AddHours(-2);
        var before = DateTimeOffset.UtcNow;

        using var reported = await PostAsync("/api/v1/patients/SAE-D01/death", new JsonObject { ["diedAt"] = diedAt.ToString("O"), ["cause"] = "refractory shock" });
        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        var draft = await reported.Content.ReadFromJsonAsync<JsonElement>();
        var draftId = draft.GetProperty("draftId").GetString()!;
        Assert.StartsWith("SAE-DCTR~", draftId, StringComparison.Ordinal);
        Assert.Equal(("death", "SAE-D01", "CART-SLE-01", "open", TrialMonitorFactory.TestUser),
            (draft.GetProperty("trigger").GetString(), draft.GetProperty("patientId").GetString(), draft.GetProperty("trialId").GetString(),
             draft.GetProperty("status").GetString(), draft.GetProperty("reportedBy").GetString()));
        Assert.Contains("refractory shock", draft.GetProperty("readings").GetString(), StringComparison.Ordinal);
        var awareness = draft.GetProperty("awarenessAt").GetDateTimeOffset();
        Assert.InRange(awareness, before, DateTimeOffset.UtcNow);
        Assert.Equal(
            [("sponsor-notification", awareness.AddHours(24)), ("expedited-7-day", awareness.AddDays(7)), ("expedited-15-day", awareness.AddDays(15))],
            draft.GetProperty("clocks").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("dueAt").GetDateTimeOffset())));

        // Reported again (a retry): the same draft, not a second one.
        using var again = await PostAsync("/api/v1/patients/SAE-D01/death", new JsonObject { ["diedAt"] = diedAt.ToString("O") });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var drafts = await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/centers/SAE-DCTR/sae-drafts");
        Assert.Equal(draftId, Assert.Single(drafts.EnumerateArray()).GetProperty("draftId").GetString());

        using var completed = await PostAsync($"/api/v1/sae-drafts/{draftId}/clocks/sponsor-notification/complete", null);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var sponsor = (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clocks")[0];
        Assert.Equal(TrialMonitorFactory.TestUser, sponsor.GetProperty("completedBy").GetString());
        Assert.NotEqual(JsonValueKind.Null, sponsor.GetProperty("completedAt").ValueKind);

        using var twice = await PostAsync($"/api/v1/sae-drafts/{draftId}/clocks/sponsor-notification/complete", null);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.StartsWith("clock:", await DetailAsync(twice), StringComparison.Ordinal);

        using var unknownClock = await PostAsync($"/api/v1/sae-drafts/{draftId}/clocks/expedited-30-day/complete", null);
        Assert.Equal(HttpStatusCode.BadRequest, unknownClock.StatusCode);
        Assert.StartsWith("clock:", await DetailAsync(unknownClock), StringComparison.Ordinal);

        using var unknownDraft = await PostAsync("/api/v1/sae-drafts/SAE-DCTR~sae-00/clocks/expedited-7-day/complete", null);
        Assert.Equal(HttpStatusCode.NotFound, unknownDraft.StatusCode);
        using var notADraftId = await PostAsync("/api/v1/sae-drafts/nothing/clocks/expedited-7-day/complete", null);
        Assert.Equal(HttpStatusCode.NotFound, notADraftId.StatusCode);

        var after = Assert.Single((await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/centers/SAE-DCTR/sae-drafts")).EnumerateArray());
        Assert.Equal([true, false, false], after.GetProperty("clocks").EnumerateArray().Select(c => c.GetProperty("completedAt").ValueKind != JsonValueKind.Null));
    }

    [Fact]
    public async Task Crs_grade_3_opens_a_draft_at_its_center()
    {
        var infusionAt = DateTimeOffset.UtcNow.AddDays(-2);
        await TrialMonitorApi.EnrolAsync(Client, "SAE-C01", "SAE-CCTR", infusionAt);
        await TrialMonitorApi.PostObservationsAsync(Client,
        [
            TrialMonitorApi.Observation("sae-c-t1", "SAE-C01", "8310-5", 38.6m, "Cel", infusionAt.AddHours(30)),
            TrialMonitorApi.Observation("sae-c-o2", "SAE-C01", "tm:o2-device", "nasal-cannula", null, infusionAt.AddHours(31)),
            TrialMonitorApi.Observation("sae-c-flow", "SAE-C01", "3151-8", 8m, "L/min", infusionAt.AddHours(31)),
        ]);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement drafts;
        while ((drafts = await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/centers/SAE-CCTR/sae-drafts")).GetArrayLength() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no SAE draft within 10 s of CRS grade 3");
            await Task.Delay(50);
        }

        var draft = Assert.Single(drafts.EnumerateArray());
        Assert.Equal(("crs", 3), (draft.GetProperty("trigger").GetString(), draft.GetProperty("grade").GetInt32()));
        var crs = (await TrialMonitorApi.GetJsonAsync(Client, "/api/v1/centers/SAE-CCTR/alerts")).EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "crs");
        Assert.Equal(crs.GetProperty("alertId").GetString(), draft.GetProperty("sourceAlertId").GetString());
    }
}

[Collection(SqliteServerGroup.Name)]
public sealed class SaeApiOnSqliteTests(SqliteServerFixture server) : SaeApiTests(server);

[Collection(PostgresServerGroup.Name)]
public sealed class SaeApiOnPostgresTests(PostgresServerFixture server) : SaeApiTests(server);
