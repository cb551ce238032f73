using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Rules.CarHematotox;
using TrialMonitor.Clinical.Tests.Support;

namespace TrialMonitor.Clinical.Tests.Rules;

/// <summary>Both sides of every CAR-HEMATOTOX cut-off, the risk cut-off and the baseline window edges (rules.md 6, 6 [P] equality).</summary>
public sealed class CarHematotoxBoundaryTests
{
    private const string Platelets = "777-3";
    private const string Neutrophils = "751-8";
    private const string Haemoglobin = "718-7";
    private const string Crp = "1988-5";
    private const string Ferritin = "2276-4";

    /// <summary>Values scoring 0 in every item: platelets 200 ×10⁹/L, ANC 2000/µL, Hb 12 g/dL, CRP 1.0 mg/dL, ferritin 100 ng/mL.</summary>
    private static readonly (string Code, decimal Value, string Unit)[] ZeroPoints =
        [(Platelets, 200, "10*9/L"), (Neutrophils, 2000, "/uL"), (Haemoglobin, 12, "g/dL"), (Crp, 1.0m, "mg/dL"), (Ferritin, 100, "ng/mL")];

    private static readonly Dictionary<string, string> Marker = new()
    {
        [Platelets] = "platelets", [Neutrophils] = "ANC", [Haemoglobin] = "haemoglobin", [Crp] = "CRP", [Ferritin] = "ferritin",
    };

    /// <summary>The baseline set at <paramref name="at"/> (day −5 unless given) with the given values replacing the zero-point ones.</summary>
    private static CarHematotoxAssessment Score(DateTimeOffset? at = null, string? omit = null, params (string Code, decimal Value, string Unit)[] replacing)
    {
        var course = new CourseBuilder();
        foreach (var (code, value, unit) in ZeroPoints)
        {
            if (code == omit) continue;
            var (v, u) = (value, unit);
            foreach (var replacement in replacing.Where(r => r.Code == code)) (v, u) = (replacement.Value, replacement.Unit);
            course.Add(at ?? CourseBuilder.AtDay(-5), code, ObservationValue.Of(v), u);
        }

        return course.Timeline.Assess(CourseBuilder.AtDay(0)).CarHematotox;
    }

    [Theory]
    // Platelets ×10⁹/L: > 175 → 0, 75–175 inclusive → 1, < 75 → 2.
    [InlineData(Platelets, 176, "10*9/L", 0)]
    [InlineData(Platelets, 175.1, "10*9/L", 0)]
    [InlineData(Platelets, 175, "10*9/L", 1)]
    [InlineData(Platelets, 75, "10*9/L", 1)]
    [InlineData(Platelets, 74.9, "10*9/L", 2)]
    [InlineData(Platelets, 74, "10*9/L", 2)]
    [InlineData(Platelets, 175000, "/uL", 1)]
    [InlineData(Platelets, 176000, "/uL", 0)]
    // ANC /µL: ≥ 1200 → 0, < 1200 → 1.
    [InlineData(Neutrophils, 1201, "/uL", 0)]
    [InlineData(Neutrophils, 1200, "/uL", 0)]
    [InlineData(Neutrophils, 1199, "/uL", 1)]
    [InlineData(Neutrophils, 1.2, "10*9/L", 0)]
    [InlineData(Neutrophils, 1.19, "10*9/L", 1)]
    // Haemoglobin g/dL: ≥ 9.0 → 0, < 9.0 → 1.
    [InlineData(Haemoglobin, 9.1, "g/dL", 0)]
    [InlineData(Haemoglobin, 9.0, "g/dL", 0)]
    [InlineData(Haemoglobin, 8.9, "g/dL", 1)]
    [InlineData(Haemoglobin, 90, "g/L", 0)]
    [InlineData(Haemoglobin, 89, "g/L", 1)]
    // CRP mg/dL: < 3.0 → 0, ≥ 3.0 → 1; in mg/L the cut-off is 30.
    [InlineData(Crp, 2.9, "mg/dL", 0)]
    [InlineData(Crp, 3.0, "mg/dL", 1)]
    [InlineData(Crp, 3.1, "mg/dL", 1)]
    [InlineData(Crp, 29.9, "mg/L", 0)]
    [InlineData(Crp, 30, "mg/L", 1)]
    // Ferritin ng/mL: < 650 → 0, 650–2000 inclusive → 1, > 2000 → 2.
    [InlineData(Ferritin, 649, "ng/mL", 0)]
    [InlineData(Ferritin, 650, "ng/mL", 1)]
    [InlineData(Ferritin, 2000, "ng/mL", 1)]
    [InlineData(Ferritin, 2001, "ng/mL", 2)]
    [InlineData(Ferritin, 2001, "ug/L", 2)]
    public void Each_item_on_both_sides_of_its_cut_offs(string code, double value, string unit, int points)
    {
        var score = Score(replacing: [(code, (decimal)value, unit)]);

        Assert.Equal(points, score.Items.Single(i => i.Marker == Marker[code]).Points);
        Assert.All(score.Items.Where(i => i.Marker != Marker[code]), i => Assert.Equal(0, i.Points));
        Assert.Equal(points, score.Score);
    }

    [Theory]
    // Platelets, ANC /µL, Hb g/dL, CRP mg/dL, ferritin ng/mL → score, risk (HT-high ≥ 2, HT-low 0–1).
    [InlineData(200, 2000, 12, 1.0, 100, 0, "low")]
    [InlineData(200, 1199, 12, 1.0, 100, 1, "low")]
    [InlineData(175, 2000, 12, 1.0, 100, 1, "low")]
    [InlineData(200, 2000, 12, 1.0, 650, 1, "low")]
    [InlineData(200, 1199, 8.9, 1.0, 100, 2, "high")]
    [InlineData(175, 2000, 12, 3.0, 100, 2, "high")]
    [InlineData(74, 2000, 12, 1.0, 100, 2, "high")]
    [InlineData(200, 2000, 12, 1.0, 2001, 2, "high")]
    [InlineData(200, 1200, 9.0, 2.9, 649, 0, "low")]
    [InlineData(74, 1199, 8.9, 3.0, 2001, 7, "high")]
    public void Risk_is_high_from_a_score_of_2(double platelets, double anc, double haemoglobin, double crp, double ferritin, int total, string risk)
    {
        var score = Score(replacing:
        [
            (Platelets, (decimal)platelets, "10*9/L"), (Neutrophils, (decimal)anc, "/uL"), (Haemoglobin, (decimal)haemoglobin, "g/dL"),
            (Crp, (decimal)crp, "mg/dL"), (Ferritin, (decimal)ferritin, "ng/mL"),
        ]);

        Assert.Equal(total, score.Score);
        Assert.Equal(risk, score.Risk);
    }

    [Theory]
    [InlineData(Platelets)]
    [InlineData(Neutrophils)]
    [InlineData(Haemoglobin)]
    [InlineData(Crp)]
    [InlineData(Ferritin)]
    public void A_missing_baseline_marker_leaves_score_and_risk_null(string omitted)
    {
        var score = Score(omit: omitted, replacing: [(Platelets, 74, "10*9/L")]);

        Assert.Null(score.Score);
        Assert.Null(score.Risk);
        Assert.Equal(Marker[omitted], Assert.Single(score.Missing));
    }

    [Theory]
    // Baseline window day −14 to day −5 inclusive (BaselineOptions [P]); minutes from infusion.
    [InlineData(-15 * 24 * 60, false)]
    [InlineData((-14 * 24 * 60) - 1, false)]
    [InlineData(-14 * 24 * 60, true)]
    [InlineData(-5 * 24 * 60, true)]
    [InlineData((-4 * 24 * 60) - 1, true)]
    [InlineData(-4 * 24 * 60, false)]
    [InlineData(-1 * 24 * 60, false)]
    [InlineData(60, false)]
    public void Baseline_window_is_day_minus_14_to_day_minus_5(int minutesFromInfusion, bool inWindow)
    {
        var score = Score(CourseBuilder.InfusionAt.AddMinutes(minutesFromInfusion), replacing: [(Platelets, 74, "10*9/L")]);

        if (inWindow)
        {
            Assert.Equal(2, score.Score);
            Assert.Empty(score.Missing);
        }
        else
        {
            Assert.Null(score.Score);
            Assert.Equal(5, score.Missing.Count);
        }
    }

    [Fact]
    public void The_latest_value_in_the_window_is_the_baseline_and_later_values_do_not_replace_it()
    {
        var course = new CourseBuilder();
        foreach (var (code, value, unit) in ZeroPoints) course.Add(CourseBuilder.AtDay(-10), code, ObservationValue.Of(value), unit);
        course.Add(CourseBuilder.AtDay(-8), Neutrophils, ObservationValue.Of(1100m), "/uL");
        course.Add(CourseBuilder.AtDay(-5, 20), Neutrophils, ObservationValue.Of(1300m), "/uL");
        course.Add(CourseBuilder.AtDay(-3), Neutrophils, ObservationValue.Of(900m), "/uL");

        var score = course.Timeline.Assess(CourseBuilder.AtDay(0)).CarHematotox;

        Assert.Equal(0, score.Items.Single(i => i.Marker == "ANC").Points);
        Assert.Equal(0, score.Score);
    }
}
