using Microsoft.Extensions.DependencyInjection;
using TrialMonitor.Clinical.Alerts;
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

    [Fact]
    public async Task Routing_escalation_and_confirmation_bind_from_configuration_as_plain_strings()
    {
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        factory.Settings["Alerts:Escalation:UrgentAfter"] = "00:00:05";
        factory.Settings["Alerts:ConfirmWithin:news2"] = "00:00:00";
        factory.Settings["Alerts:Centers:FR-CFE:0:Severity"] = "emergency";
        factory.Settings["Alerts:Centers:FR-CFE:0:Levels:0"] = "cart-attending,neurology";
        factory.Settings["Alerts:Centers:FR-CFE:0:Levels:1"] = "principal-investigator";
        using var client = factory.CreateClient();
        var options = factory.Services.GetRequiredService<AlertRoutingOptions>();

        Assert.Equal(TimeSpan.FromSeconds(5), options.Escalation.UrgentAfter);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Escalation.EmergencyAfter);
        Assert.Null(AlertRouting.ConfirmationWindow("news2", "urgent", options));
        Assert.Equal([["cart-attending", "neurology"], ["principal-investigator"]], AlertRouting.Chain(null, "FR-CFE", "icans", 3, "emergency", options));
        Assert.Equal([["cart-attending", "icu-outreach"], ["principal-investigator"]], AlertRouting.Chain(null, "FR-BDX", "icans", 3, "emergency", options));
    }
}
