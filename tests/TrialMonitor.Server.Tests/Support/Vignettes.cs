using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrialMonitor.Server.Tests.Support;

public sealed record ApiVignette(string Name, int? AgeYears, IReadOnlyList<JsonObject> Observations, JsonElement Expected)
{
    public override string ToString() => Name;
}

/// <summary>../shared/clinical/vignettes.json as an outside client would send it: raw observation objects.</summary>
public static class Vignettes
{
    private static readonly Lazy<(DateTimeOffset InfusionAt, IReadOnlyList<ApiVignette> All)> Loaded = new(Load);

    public static DateTimeOffset InfusionAt => Loaded.Value.InfusionAt;

    public static IReadOnlyList<ApiVignette> All => Loaded.Value.All;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var vignette in All) data.Add(vignette.Name);
        return data;
    }

    public static ApiVignette Named(string name) => All.Single(v => v.Name == name);

    /// <summary>The vignette's observations for one patient, ids prefixed so that runs never collide.</summary>
    public static List<JsonObject> For(ApiVignette vignette, string patientId, string idPrefix) => vignette.Observations.Select(o =>
    {
        var copy = (JsonObject)o.DeepClone();
        copy["id"] = idPrefix + (string)o["id"]!;
        copy["patientId"] = patientId;
        return copy;
    }).ToList();

    private static (DateTimeOffset, IReadOnlyList<ApiVignette>) Load()
    {
        var root = JsonNode.Parse(File.ReadAllText(SharedFiles.Path("clinical", "vignettes.json")))!;
        var infusionAt = DateTimeOffset.Parse((string)root["infusionAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        var vignettes = root["vignettes"]!.AsArray().Select(v =>
        {
            var observations = v!["observations"]!.AsArray().Select(o =>
            {
                // atHours is the vignette's notation; the wire carries an ISO time with an offset. Exact to the tick.
                var hours = o!["atHours"]!.GetValue<decimal>();
                var copy = (JsonObject)o.DeepClone();
                copy.Remove("atHours");
                copy["effectiveAt"] = (infusionAt + TimeSpan.FromTicks((long)decimal.Round(hours * TimeSpan.TicksPerHour))).ToString("O");
                return copy;
            }).ToArray();
            var expected = JsonDocument.Parse(v["expected"]!.ToJsonString()).RootElement.Clone();
            var age = v["patient"]?["ageYears"]?.GetValue<int>();
            return new ApiVignette((string)v["name"]!, age, observations, expected);
        }).ToArray();
        return (infusionAt, vignettes);
    }
}
