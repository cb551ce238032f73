using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrialMonitor.Server.Tests.Support;

/// <summary>Thin helpers over the public HTTP contract, speaking raw JSON as outside clients do.</summary>
public static class TrialMonitorApi
{
    public static async Task<HttpResponseMessage> EnrolAsync(HttpClient client, string patientId, string centerId, DateTimeOffset infusionAt, int? ageYears = 45, string trialId = "CART-SLE-01")
    {
        var body = new JsonObject
        {
            ["centerId"] = centerId, ["trialId"] = trialId, ["infusionAt"] = infusionAt.ToString("O"), ["ageYears"] = ageYears, ["indication"] = "SLE",
        };
        return await client.PutAsync(new Uri($"/api/v1/patients/{patientId}", UriKind.Relative), JsonContent.Create(body));
    }

    public static async Task<JsonElement> PostObservationsAsync(HttpClient client, IEnumerable<JsonNode> observations)
    {
        var body = new JsonObject { ["observations"] = new JsonArray([.. observations]) };
        using var response = await client.PostAsync(new Uri("/api/v1/observations", UriKind.Relative), JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static JsonObject Observation(string id, string patientId, string code, JsonNode? value, string? unit, DateTimeOffset effectiveAt)
    {
        var node = new JsonObject { ["id"] = id, ["patientId"] = patientId, ["code"] = code, ["value"] = value, ["effectiveAt"] = effectiveAt.ToString("O") };
        if (unit is not null) node["unit"] = unit;
        return node;
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
