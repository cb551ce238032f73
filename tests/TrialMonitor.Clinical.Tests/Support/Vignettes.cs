using System.Text.Json;
using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Tests.Support;

public sealed record VignetteExpectation(int CrsMaxGrade, int IcansMaxGrade, bool FebrileNeutropenia, int? News2Total, IReadOnlyList<string> Rejected);

public sealed record Vignette(
    string Name,
    string Description,
    string PatientId,
    int? AgeYears,
    DateTimeOffset InfusionAt,
    IReadOnlyList<ObservationInput> Observations,
    VignetteExpectation Expected)
{
    public override string ToString() => Name;
}

/// <summary>The worked cases of ../shared/clinical/vignettes.json, read as the ingest path would see them.</summary>
public static class Vignettes
{
    private static readonly Lazy<IReadOnlyList<Vignette>> Loaded = new(Load);

    public static IReadOnlyList<Vignette> All => Loaded.Value;

    public static Vignette Named(string name) => All.Single(v => v.Name == name);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var vignette in All) data.Add(vignette.Name);
        return data;
    }

    private static Vignette[] Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedFiles.Path("clinical", "vignettes.json")));
        var root = document.RootElement;
        var infusionAt = DateTimeOffset.Parse(root.GetProperty("infusionAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        return root.GetProperty("vignettes").EnumerateArray().Select(v => Parse(v, infusionAt)).ToArray();
    }

    /// <summary>Exact to the tick: hours such as 121.1 are not binary fractions.</summary>
    private static TimeSpan Hours(decimal hours) => TimeSpan.FromTicks((long)decimal.Round(hours * TimeSpan.TicksPerHour));

    private static Vignette Parse(JsonElement vignette, DateTimeOffset infusionAt)
    {
        var patient = vignette.GetProperty("patient");
        var expected = vignette.GetProperty("expected");
        var observations = vignette.GetProperty("observations").EnumerateArray().Select(o => new ObservationInput(
            o.GetProperty("id").GetString(),
            o.GetProperty("code").GetString(),
            ObservationJson.Value(o.GetProperty("value")),
            o.TryGetProperty("unit", out var unit) ? unit.GetString() : null,
            infusionAt + Hours(o.GetProperty("atHours").GetDecimal()))).ToArray();

        return new Vignette(
            vignette.GetProperty("name").GetString()!,
            vignette.GetProperty("description").GetString()!,
            patient.GetProperty("patientId").GetString()!,
            patient.TryGetProperty("ageYears", out var age) ? age.GetInt32() : null,
            infusionAt,
            observations,
            new VignetteExpectation(
                expected.GetProperty("crsMaxGrade").GetInt32(),
                expected.GetProperty("icansMaxGrade").GetInt32(),
                expected.GetProperty("febrileNeutropenia").GetBoolean(),
                expected.GetProperty("news2Total").ValueKind == JsonValueKind.Null ? null : expected.GetProperty("news2Total").GetInt32(),
                expected.TryGetProperty("rejected", out var rejected)
                    ? rejected.EnumerateArray().Select(r => r.GetString()!).ToArray()
                    : []));
    }
}
