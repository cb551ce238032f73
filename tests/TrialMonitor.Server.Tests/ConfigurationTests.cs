using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>Clinical thresholds are configuration with cited defaults: a deployment can change them without code.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    // Default (Lee 2019 footnote 4): above 6 L/min nasal cannula is high flow, grade 3 (vignette V4).
    [InlineData(null, 3)]
    // A trial that calls up to 7 L/min low flow grades the same patient 2.
    [InlineData("7", 2)]
    public async Task The_nasal_cannula_low_flow_limit_comes_from_configuration(string? lowFlowUpTo, int expectedCrsGrade)
    {
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        if (lowFlowUpTo is not null) factory.Settings["Clinical:Crs:LowFlowUpToLitresPerMinute"] = lowFlowUpTo;
        using var client = factory.CreateClient();
        var vignette = Vignettes.Named("V4");
        await TrialMonitorApi.EnrolAsync(client, "CFG-001", "CFG-CTR", Vignettes.InfusionAt, vignette.AgeYears);
        await TrialMonitorApi.PostObservationsAsync(client, Vignettes.For(vignette, "CFG-001", "cfg-"));

        var status = await TrialMonitorApi.GetJsonAsync(client, "/api/v1/patients/CFG-001/status");

        Assert.Equal(expectedCrsGrade, status.GetProperty("crs").GetProperty("maxGrade").GetInt32());
    }
}
