using TrialMonitor.Clinical.Alerts;

namespace TrialMonitor.Clinical.Tests.Alerts;

/// <summary>rules.md 10.3 "Who is notified" as escalation chains, one row per trigger; and the escalation and confirmation timings.</summary>
public sealed class AlertRoutingTests
{
    public static TheoryData<string, int?, string, string> Chains => new()
    {
        // kind, grade, severity, chain (levels separated by " > ")
        { "crs", 1, "urgent", "bedside-nurse,cart-physician-on-call > cart-attending > principal-investigator" },
        { "crs", 2, "urgent", "cart-attending > principal-investigator" },
        { "crs", 3, "emergency", "cart-attending,icu-outreach > principal-investigator" },
        { "crs", 4, "emergency", "cart-attending,icu-outreach > principal-investigator" },
        { "icans", 1, "urgent", "cart-attending > principal-investigator" },
        { "icans", 2, "urgent", "cart-attending,neurology > principal-investigator" },
        { "icans", 3, "emergency", "cart-attending,icu-outreach > principal-investigator" },
        { "febrile-neutropenia", 1, "emergency", "cart-physician-on-call > cart-attending > icu-outreach" },
        { "news2", 2, "urgent", "bedside-nurse,cart-physician-on-call > cart-attending" },
        { "news2", 3, "emergency", "cart-attending,icu-outreach > principal-investigator" },
        { "iec-hs", 1, "urgent", "cart-attending > principal-investigator" },
        { "icaht", 3, "urgent", "cart-attending > principal-investigator" },
        { "icaht", 4, "urgent", "cart-attending > principal-investigator" },
        { "qsofa", 2, "emergency", "cart-attending,icu-outreach > principal-investigator" },
        { "missing-data", null, "info", "data-manager" },
        { "sae-overdue", null, "urgent", "principal-investigator,sponsor-medical-monitor" },
    };

    [Theory]
    [MemberData(nameof(Chains))]
    public void Each_trigger_of_rules_md_10_3_pages_its_roles_first_and_escalates_up_its_chain(string kind, int? grade, string severity, string expected)
    {
        var chain = AlertRouting.Chain("CART-SLE-01", "FR-BDX", kind, grade, severity, AlertRoutingOptions.Default);
        Assert.Equal(expected, string.Join(" > ", chain.Select(level => string.Join(",", level))));
        Assert.All(chain.SelectMany(level => level), role => Assert.True(AlertRoles.IsKnown(role), role));
    }

    [Fact]
    public void A_centers_routes_come_before_its_trials_which_come_before_the_common_ones()
    {
        var options = AlertRoutingOptions.Default with
        {
            Trials = new(StringComparer.Ordinal) { ["CART-SSC-02"] = [new AlertRoute { Kind = "crs", Levels = ["cart-physician-on-call", "cart-attending"] }] },
            Centers = new(StringComparer.Ordinal) { ["FR-CFE"] = [new AlertRoute { Severity = "emergency", Levels = ["cart-attending", "principal-investigator"] }] },
        };
        Assert.Equal([["cart-physician-on-call"], ["cart-attending"]], AlertRouting.Chain("CART-SSC-02", "FR-BDX", "crs", 3, "emergency", options));
        Assert.Equal([["cart-attending"], ["principal-investigator"]], AlertRouting.Chain("CART-SSC-02", "FR-CFE", "crs", 3, "emergency", options));
        Assert.Equal([["cart-attending"], ["principal-investigator"]], AlertRouting.Chain("CART-SLE-01", "FR-CFE", "crs", 3, "emergency", options));
        Assert.Equal([["cart-attending", "icu-outreach"], ["principal-investigator"]], AlertRouting.Chain("CART-SLE-01", "FR-BDX", "crs", 3, "emergency", options));
    }

    [Theory]
    [InlineData("emergency", 10.0)]
    [InlineData("urgent", 30.0)]
    [InlineData("info", null)]
    public void Escalation_waits_ten_minutes_for_an_emergency_thirty_for_urgent_and_never_escalates_info(string severity, double? minutes) =>
        Assert.Equal(minutes is { } m ? TimeSpan.FromMinutes(m) : null, AlertRouting.EscalationDelay(severity, AlertRoutingOptions.Default));

    [Theory]
    [InlineData("news2", "urgent", 15.0)]
    [InlineData("news2", "emergency", null)]
    [InlineData("crs", "urgent", null)]
    [InlineData("missing-data", "info", null)]
    public void Only_configured_rules_wait_for_confirmation_and_never_an_emergency(string kind, string severity, double? minutes) =>
        Assert.Equal(minutes is { } m ? TimeSpan.FromMinutes(m) : null, AlertRouting.ConfirmationWindow(kind, severity, AlertRoutingOptions.Default));

    [Fact]
    public void An_emergency_never_waits_even_when_its_kind_is_configured_to_and_zero_turns_a_kind_off()
    {
        var options = AlertRoutingOptions.Default with { ConfirmWithin = new(StringComparer.Ordinal) { ["crs"] = TimeSpan.FromMinutes(5), ["news2"] = TimeSpan.Zero } };
        Assert.Null(AlertRouting.ConfirmationWindow("crs", "emergency", options));
        Assert.Equal(TimeSpan.FromMinutes(5), AlertRouting.ConfirmationWindow("crs", "urgent", options));
        Assert.Null(AlertRouting.ConfirmationWindow("news2", "urgent", options));
    }
}
