using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrialMonitor.Web.Tests.Support;

/// <summary>The public API as the tests feed it: enrolment and observations (api.md), as a device would send them.</summary>
public static class Api
{
    public static async Task EnrolAsync(HttpClient client, string patientId, string centerId, DateTimeOffset infusionAt)
    {
        using var response = await client.PutAsJsonAsync($"/api/v1/patients/{patientId}",
            new { centerId, trialId = "CART-SLE-01", infusionAt, ageYears = 41, indication = "SLE" });
        Assert.True(response.IsSuccessStatusCode, $"enrolment of {patientId}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task PostAsync(HttpClient client, params JsonObject[] observations)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/observations", new JsonObject { ["observations"] = new JsonArray(observations) });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"observations: HTTP {(int)response.StatusCode} {body}");
        Assert.Equal(observations.Length, JsonDocument.Parse(body).RootElement.GetProperty("accepted").GetInt32());
    }

    public static JsonObject Observation(string id, string patientId, string code, JsonNode? value, string? unit, DateTimeOffset effectiveAt) => new()
    {
        ["id"] = id,
        ["patientId"] = patientId,
        ["code"] = code,
        ["value"] = value,
        ["unit"] = unit,
        ["effectiveAt"] = effectiveAt.ToString("O"),
    };

    /// <summary>A fever of 38.9 °C: CRS grade 1 (rules.md 1), an alert of its own.</summary>
    public static JsonObject Fever(string id, string patientId, DateTimeOffset at) => Observation(id, patientId, "8310-5", 38.9m, "Cel", at);

    public static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: HTTP {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
