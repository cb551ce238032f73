using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Clinical.Tests.Support;

namespace TrialMonitor.Clinical.Tests.Alerts;

/// <summary>Which alerts a worked case asks for and how severe they are (rules.md 10.3).</summary>
public sealed class AlertPolicyTests
{
    [Theory]
    // Fever alone: CRS grade 1 is urgent; NEWS2 2 is dashboard only.
    [InlineData("V1", "crs:urgent:1")]
    // Hypotension needing fluids: CRS 2 urgent; NEWS2 6 (medium) urgent.
    [InlineData("V2", "crs:urgent:2", "news2:urgent:6")]
    // Nasal cannula 7 L/min: CRS 3 and NEWS2 10 are emergencies.
    [InlineData("V4", "crs:emergency:3", "news2:emergency:10")]
    // Masked fever, pressor: CRS 3 emergency; NEWS2 4 with a single red parameter is urgent.
    [InlineData("V10", "crs:emergency:3", "news2:urgent:4")]
    // Hypotension without fever is not CRS; the single red NEWS2 parameter still alerts.
    [InlineData("V11", "news2:urgent:4")]
    // Sustained fever with ANC 300: febrile neutropenia is an emergency at any CRS grade.
    [InlineData("V13", "crs:urgent:1", "febrile-neutropenia:emergency:")]
    // ICE 5 after resolved CRS: ICANS 2 urgent; new confusion scores a single red NEWS2 parameter.
    [InlineData("V17", "icans:urgent:2", "news2:urgent:3")]
    // A seizure: ICANS 3 emergency.
    [InlineData("V18", "icans:emergency:3", "news2:urgent:5")]
    // Unarousable: ICANS 4 emergency with CRS 1.
    [InlineData("V20", "crs:urgent:1", "icans:emergency:4", "news2:urgent:6")]
    public void A_worked_case_raises_exactly_these_alerts(string vignette, params string[] expected)
    {
        var (timeline, _) = VignetteTests.Ingest(Vignettes.Named(vignette), Vignettes.Named(vignette).Observations);

        var conditions = AlertPolicy.Evaluate(timeline.Assess());

        Assert.Equal(expected.Order(), conditions.Select(c => $"{c.Kind}:{c.Severity}:{c.Grade}").Order());
        Assert.All(conditions, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason)));
    }

    [Fact]
    public void The_reason_names_the_readings_that_set_the_grade()
    {
        var (timeline, _) = VignetteTests.Ingest(Vignettes.Named("V7"), Vignettes.Named("V7").Observations);

        var crs = AlertPolicy.Evaluate(timeline.Assess()).Single(c => c.Kind == AlertKinds.Crs);

        Assert.Contains("norepinephrine running", crs.Reason, StringComparison.Ordinal);
        Assert.Contains("nasal cannula 3 L/min", crs.Reason, StringComparison.Ordinal);
    }
}
