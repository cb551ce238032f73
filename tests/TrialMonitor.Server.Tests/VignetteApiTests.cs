using System.Text.Json;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>All 20 worked cases of ../shared/clinical/vignettes.json through enrolment, ingest and status over HTTP.</summary>
public abstract class VignetteApiTests(ServerFixture server)
{
    public static TheoryData<string> Names => Vignettes.Names();

    [Fact]
    public void All_twenty_vignettes_are_read()
    {
        Assert.Equal(20, Vignettes.All.Count);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Vignette_sent_in_one_request_gives_the_expected_status(string name)
    {
        var vignette = Vignettes.Named(name);
        var patientId = $"{name}-one";
        await EnrolAsync(vignette, patientId);

        var response = await TrialMonitorApi.PostObservationsAsync(server.Client, Vignettes.For(vignette, patientId, "one-"));

        var expectedRejected = ExpectedRejected(vignette).Select(id => "one-" + id).Order().ToArray();
        var rejected = response.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).Order().ToArray();
        Assert.Equal(expectedRejected, rejected);
        Assert.Equal(vignette.Observations.Count - expectedRejected.Length, response.GetProperty("accepted").GetInt32());
        await AssertExpectedStatusAsync(vignette, patientId);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Vignette_sent_shuffled_one_at_a_time_and_twice_gives_the_same_status(string name)
    {
        var vignette = Vignettes.Named(name);
        var patientId = $"{name}-shuffled";
        await EnrolAsync(vignette, patientId);
        var observations = Vignettes.For(vignette, patientId, "shuffled-").ToArray();
        new Random(name.GetHashCode(StringComparison.Ordinal)).Shuffle(observations);

        foreach (var observation in observations) await TrialMonitorApi.PostObservationsAsync(server.Client, [observation]);
        var again = await TrialMonitorApi.PostObservationsAsync(server.Client, observations.Select(o => o.DeepClone()));

        var accepted = vignette.Observations.Count - ExpectedRejected(vignette).Count;
        Assert.Equal(accepted, again.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, again.GetProperty("accepted").GetInt32());
        await AssertExpectedStatusAsync(vignette, patientId);
    }

    private async Task EnrolAsync(ApiVignette vignette, string patientId)
    {
        using var response = await TrialMonitorApi.EnrolAsync(server.Client, patientId, "VIG-CTR", Vignettes.InfusionAt, vignette.AgeYears);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    private async Task AssertExpectedStatusAsync(ApiVignette vignette, string patientId)
    {
        var status = await TrialMonitorApi.GetJsonAsync(server.Client, $"/api/v1/patients/{patientId}/status");
        var expected = vignette.Expected;
        Assert.Equal(expected.GetProperty("crsMaxGrade").GetInt32(), status.GetProperty("crs").GetProperty("maxGrade").GetInt32());
        Assert.Equal(expected.GetProperty("icansMaxGrade").GetInt32(), status.GetProperty("icans").GetProperty("maxGrade").GetInt32());
        Assert.Equal(expected.GetProperty("febrileNeutropenia").GetBoolean(), status.GetProperty("febrileNeutropenia").GetProperty("met").GetBoolean());
        var news2 = status.GetProperty("news2").GetProperty("total");
        var expectedNews2 = expected.GetProperty("news2Total");
        Assert.Equal(expectedNews2.ValueKind == JsonValueKind.Null ? (int?)null : expectedNews2.GetInt32(), news2.ValueKind == JsonValueKind.Null ? (int?)null : news2.GetInt32());
    }

    private static List<string> ExpectedRejected(ApiVignette vignette) =>
        vignette.Expected.TryGetProperty("rejected", out var rejected) ? rejected.EnumerateArray().Select(r => r.GetString()!).ToList() : [];
}

[Collection(SqliteServerGroup.Name)]
public sealed class VignetteApiOnSqliteTests(SqliteServerFixture server) : VignetteApiTests(server);

[Collection(PostgresServerGroup.Name)]
public sealed class VignetteApiOnPostgresTests(PostgresServerFixture server) : VignetteApiTests(server);
