using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Rules.Easix;
using TrialMonitor.Clinical.Tests.Support;

namespace TrialMonitor.Clinical.Tests.Rules;

/// <summary>EASIX, simplified EASIX and m-EASIX values from their formulas, the Korell &gt; 4.67 cut-off on both sides, and missing inputs (rules.md 7).</summary>
public sealed class EasixBoundaryTests
{
    private const string Ldh = "2532-0";
    private const string Creatinine = "2160-0";
    private const string CreatinineMolar = "14682-9";
    private const string Platelets = "777-3";
    private const string Crp = "1988-5";

    private static EasixValues Baseline(params (string Code, decimal Value, string Unit)[] labs)
    {
        var course = new CourseBuilder();
        foreach (var (code, value, unit) in labs) course.Add(CourseBuilder.AtDay(-5), code, ObservationValue.Of(value), unit);
        return course.Timeline.Assess(CourseBuilder.AtDay(0)).Easix.Baseline;
    }

    [Theory]
    // LDH U/L, creatinine mg/dL, platelets ×10⁹/L → EASIX = LDH × creatinine ÷ platelets, simplified = LDH ÷ platelets, elevated when > 4.67.
    [InlineData(250, 0.8, 200, 1.0, 1.25, false)]
    [InlineData(300, 1.2, 80, 4.5, 3.75, false)]
    [InlineData(466.9, 1.0, 100, 4.669, 4.669, false)]
    [InlineData(467, 1.0, 100, 4.67, 4.67, false)]
    [InlineData(934, 0.5, 100, 4.67, 9.34, false)]
    [InlineData(467.1, 1.0, 100, 4.671, 4.671, true)]
    [InlineData(468, 1.0, 100, 4.68, 4.68, true)]
    [InlineData(1000, 2.0, 50, 40, 20, true)]
    public void Easix_is_ldh_times_creatinine_over_platelets_and_elevated_above_4_67(
        double ldh, double creatinine, double platelets, double easix, double simplified, bool elevated)
    {
        var values = Baseline((Ldh, (decimal)ldh, "U/L"), (Creatinine, (decimal)creatinine, "mg/dL"), (Platelets, (decimal)platelets, "10*9/L"));

        Assert.Equal((decimal)easix, values.Easix);
        Assert.Equal((decimal)simplified, values.SimplifiedEasix);
        Assert.Equal(elevated, values.Elevated);
    }

    [Theory]
    // Creatinine in µmol/L is ÷ 88.42 first: 88.42 µmol/L = 1.0 mg/dL.
    [InlineData(467, 88.42, 100, 4.67, false)]
    [InlineData(468, 88.42, 100, 4.68, true)]
    [InlineData(467, 176.84, 200, 4.67, false)]
    public void Creatinine_in_micromoles_is_converted_before_the_cut_off(double ldh, double micromoles, double platelets, double easix, bool elevated)
    {
        var values = Baseline((Ldh, (decimal)ldh, "U/L"), (CreatinineMolar, (decimal)micromoles, "umol/L"), (Platelets, (decimal)platelets, "10*9/L"));

        Assert.Equal((decimal)easix, values.Easix);
        Assert.Equal(elevated, values.Elevated);
    }

    [Theory]
    // m-EASIX = LDH × CRP (mg/dL) ÷ platelets; CRP reported in mg/L is ÷ 10 first.
    [InlineData(300, 45, "mg/L", 150, 9.0)]
    [InlineData(300, 4.5, "mg/dL", 150, 9.0)]
    [InlineData(200, 10, "mg/L", 100, 2.0)]
    [InlineData(467, 1.0, "mg/dL", 100, 4.67)]
    [InlineData(500, 0.5, "mg/L", 250, 0.1)]
    public void Modified_easix_uses_crp_in_mg_per_decilitre(double ldh, double crp, string crpUnit, double platelets, double modified)
    {
        var values = Baseline((Ldh, (decimal)ldh, "U/L"), (Crp, (decimal)crp, crpUnit), (Platelets, (decimal)platelets, "10*9/L"));

        Assert.Equal((decimal)modified, values.ModifiedEasix);
        // No published m-EASIX cut-off (rules.md 7): without creatinine there is no EASIX and nothing to call elevated.
        Assert.Null(values.Easix);
        Assert.Null(values.Elevated);
    }

    [Theory]
    // Which input is missing → which scores are null.
    [InlineData(Ldh, true, true, true)]
    [InlineData(Platelets, true, true, true)]
    [InlineData(Creatinine, true, false, false)]
    [InlineData(Crp, false, false, true)]
    public void A_missing_input_makes_the_scores_that_need_it_null(string omitted, bool easixNull, bool simplifiedNull, bool modifiedNull)
    {
        (string Code, decimal Value, string Unit)[] all =
            [(Ldh, 468, "U/L"), (Creatinine, 1.0m, "mg/dL"), (Platelets, 100, "10*9/L"), (Crp, 10, "mg/L")];

        var values = Baseline([.. all.Where(l => l.Code != omitted)]);

        Assert.Equal(easixNull, values.Easix is null);
        Assert.Equal(easixNull, values.Elevated is null);
        Assert.Equal(simplifiedNull, values.SimplifiedEasix is null);
        Assert.Equal(modifiedNull, values.ModifiedEasix is null);
        if (!easixNull) Assert.Equal(4.68m, values.Easix);
        if (!modifiedNull) Assert.Equal(4.68m, values.ModifiedEasix);
    }

    [Fact]
    public void Platelets_of_zero_give_no_score_rather_than_a_division_by_zero()
    {
        var values = Baseline((Ldh, 468, "U/L"), (Creatinine, 1.0m, "mg/dL"), (Platelets, 0, "10*9/L"), (Crp, 10, "mg/L"));

        Assert.Null(values.Easix);
        Assert.Null(values.SimplifiedEasix);
        Assert.Null(values.ModifiedEasix);
        Assert.Null(values.Elevated);
    }

    [Fact]
    public void Baseline_is_before_lymphodepletion_and_latest_follows_new_values()
    {
        var course = new CourseBuilder();
        foreach (var (code, value, unit) in new (string, decimal, string)[] { (Ldh, 467, "U/L"), (Creatinine, 1.0m, "mg/dL"), (Platelets, 100, "10*9/L") })
            course.Add(CourseBuilder.AtDay(-5), code, ObservationValue.Of(value), unit);
        course.Add(CourseBuilder.AtDay(3), Ldh, ObservationValue.Of(468m), "U/L");

        var easix = course.Timeline.Assess(CourseBuilder.AtDay(4)).Easix;

        Assert.Equal(4.67m, easix.Baseline.Easix);
        Assert.False(easix.Baseline.Elevated);
        Assert.Equal(4.68m, easix.Latest.Easix);
        Assert.True(easix.Latest.Elevated);
    }
}
