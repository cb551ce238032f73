using System.Net;
using System.Text.Json;
using TrialMonitor.Server.Security;
using TrialMonitor.Web.Tests.Support;

namespace TrialMonitor.Web.Tests;

/// <summary>The read endpoints the pages use, through HTTP: what they return and how they refuse bad input.</summary>
public sealed class DashboardApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Center = "WEB-API";
    private WebServer Server => fixture.Server;

    [Fact]
    public async Task The_patient_list_carries_72_hours_of_trends_and_the_timeline_its_grades_episodes_treatments_and_alerts()
    {
        using var device = Server.Client(WebServer.EverythingToken);
        var now = DateTimeOffset.UtcNow;
        var patient = "WEB-API-001";
        await Api.EnrolAsync(device, patient, Center, now.AddDays(-5));
        await Api.PostAsync(device,
            Api.Observation("api-old", patient, "8310-5", 37.0m, "Cel", now.AddHours(-80)),
            Api.Observation("api-t1", patient, "8310-5", 37.1m, "Cel", now.AddHours(-10)),
            Api.Fever("api-t2", patient, now.AddHours(-2)),
            Api.Observation("api-sbp", patient, "8480-6", 118m, "mm[Hg]", now.AddHours(-2)),
            Api.Observation("api-toci", patient, "tm:medication", "tocilizumab", null, now.AddHours(-1)));

        using var clinician = Server.Client(WebServer.TokenFor("api-clinician", [TrialMonitorRoles.Clinician], [Center]));
        var list = await Api.GetAsync(clinician, $"/api/v1/centers/{Center}/patients");
        var row = Assert.Single(list.GetProperty("patients").EnumerateArray());
        Assert.Equal(5, row.GetProperty("dayPostInfusion").GetInt32());
        Assert.Equal(1, row.GetProperty("crsGrade").GetInt32());
        var temperatures = row.GetProperty("trends").GetProperty("temperature");
        Assert.Equal("°C", temperatures.GetProperty("unit").GetString());
        // 80 h ago is outside the 72 h window.
        Assert.Equal([37.1m, 38.9m], temperatures.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDecimal()));
        Assert.True(row.GetProperty("trends").TryGetProperty("systolicBloodPressure", out _));

        var body = await Api.GetAsync(clinician, $"/api/v1/patients/{patient}/timeline?hours=100");
        var timeline = body.GetProperty("timeline");
        Assert.Equal(3, timeline.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "temperature").GetProperty("points").GetArrayLength());
        Assert.Equal("tocilizumab given", Assert.Single(timeline.GetProperty("treatments").EnumerateArray()).GetProperty("text").GetString());
        var episode = Assert.Single(timeline.GetProperty("crsEpisodes").EnumerateArray());
        Assert.Equal(1, episode.GetProperty("maxGrade").GetInt32());
        Assert.Equal(JsonValueKind.Null, episode.GetProperty("endAt").ValueKind);
        var grades = timeline.GetProperty("grades").EnumerateArray().Select(g => g.GetProperty("crs").GetInt32()).ToArray();
        Assert.Equal(0, grades[0]);
        Assert.Equal(1, grades[^1]);
        Assert.Contains(body.GetProperty("alertEvents").EnumerateArray(), a => a.GetProperty("kind").GetString() == "crs" && a.GetProperty("event").GetString() == "raised");
        Assert.Equal(1, body.GetProperty("status").GetProperty("crs").GetProperty("grade").GetInt32());
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_the_field()
    {
        using var clinician = Server.Client(WebServer.TokenFor("api-clinician", [TrialMonitorRoles.Clinician], [TrialMonitorRoles.AllCenters]));
        // The window is checked before the patient is looked up, so an unknown patient shows it as well.
        foreach (var (path, status, field) in new[]
                 {
                     ("/api/v1/patients/nobody-here/timeline", HttpStatusCode.NotFound, "patientId"),
                     ("/api/v1/patients/nobody-here/timeline?hours=0", HttpStatusCode.BadRequest, "hours"),
                     ("/api/v1/patients/nobody-here/timeline?hours=abc", HttpStatusCode.BadRequest, "hours"),
                     ("/api/v1/patients/nobody-here/timeline?hours=100000", HttpStatusCode.BadRequest, "hours"),
                 })
        {
            using var response = await clinician.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith(field, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_sponsors_alert_counts_hide_small_counts_and_times_and_name_no_patient()
    {
        using var device = Server.Client(WebServer.EverythingToken);
        var now = DateTimeOffset.UtcNow;
        await Api.EnrolAsync(device, "WEB-API-S1", "WEB-API-S", now.AddDays(-2));
        await Api.PostAsync(device, Api.Fever("api-s1", "WEB-API-S1", now.AddMinutes(-5)));

        using var sponsor = Server.Client(WebServer.TokenFor("api-sponsor", [TrialMonitorRoles.Sponsor], []));
        JsonElement center = default;
        for (var i = 0; i < 60 && center.ValueKind == JsonValueKind.Undefined; i++)
        {
            var quality = await Api.GetAsync(sponsor, "/api/v1/trials/CART-SLE-01/alert-quality");
            center = quality.GetProperty("centers").EnumerateArray().FirstOrDefault(c => c.GetProperty("centerId").GetString() == "WEB-API-S");
            if (center.ValueKind == JsonValueKind.Undefined) await Task.Delay(250);
        }

        Assert.NotEqual(JsonValueKind.Undefined, center.ValueKind);
        var crs = center.GetProperty("kinds").EnumerateArray().Single(k => k.GetProperty("kind").GetString() == "crs");
        Assert.Equal("<3", crs.GetProperty("raised").GetString());
        Assert.Equal(JsonValueKind.Null, crs.GetProperty("timeToAcknowledgeP50Seconds").ValueKind);
        Assert.DoesNotContain("WEB-API-S1", center.GetRawText(), StringComparison.Ordinal);
    }
}
