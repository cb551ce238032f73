using TrialMonitor.Clinical.Rules.FebrileNeutropenia;
using TrialMonitor.Clinical.Tests.Support;

namespace TrialMonitor.Clinical.Tests.Rules;

/// <summary>Both sides of every febrile neutropenia and qSOFA threshold of rules.md section 3 (3.1–3.4) and its semantics in 0.1.</summary>
public sealed class FebrileNeutropeniaBoundaryTests
{
    private static DateTimeOffset At(decimal hours) => CourseBuilder.AtHours(hours);

    private static CourseBuilder Esmo() => new(options: new ClinicalRulesOptions { FebrileNeutropenia = new FebrileNeutropeniaOptions { Fever = FeverCriteria.Esmo } });

    // Neutropenia is ANC < 500 cells/µL = 0.5 × 10⁹/L (3.1, 3.2; FN uses <, ICAHT ≤, 3.3). A single ANC has no trend, so 500 is not FN.
    [Theory]
    [InlineData(499, "/uL", true)]
    [InlineData(500, "/uL", false)]
    [InlineData(0.499, "10*9/L", true)]
    [InlineData(0.5, "10*9/L", false)]
    [InlineData(0.499, "10*3/uL", true)]
    [InlineData(0.5, "10*3/uL", false)]
    [InlineData(499, "/mm3", true)]
    [InlineData(500, "/mm3", false)]
    public void Anc_below_500_per_microlitre_with_a_fever_is_febrile_neutropenia(double anc, string unit, bool expectedMet)
    {
        var course = new CourseBuilder().At(99, "751-8", (decimal)anc, unit).At(100, "8310-5", 38.5m, "Cel");

        var fn = course.AssessAt(100).FebrileNeutropenia;

        Assert.Equal(expectedMet, fn.Active);
        Assert.Equal(expectedMet, fn.Met);
        Assert.Equal(expectedMet ? NeutropeniaArm.Measured : NeutropeniaArm.None, fn.Arm);
        Assert.Equal(expectedMet ? At(100) : (DateTimeOffset?)null, fn.FirstMetAt);
    }

    // IDSA fever (3.1, 0.1): a single reading ≥ 38.3 °C (101 °F). 38.0–38.2 °C alone is not a fever yet: re-check within 60 min (3.3).
    // 38.0 is a CRS fever either way (3.3: the thresholds differ on purpose).
    [Theory]
    [InlineData(38.3, "Cel", true, false, true)]
    [InlineData(38.29, "Cel", false, true, true)]
    [InlineData(101, "[degF]", true, false, true)]
    [InlineData(100.9, "[degF]", false, true, true)]
    [InlineData(38.0, "Cel", false, true, true)]
    [InlineData(37.99, "Cel", false, false, false)]
    public void Idsa_single_reading_fever_is_at_or_above_38_3(double value, string unit, bool expectedMet, bool expectedRecheck, bool expectedCrsFever)
    {
        var course = new CourseBuilder().At(99, "751-8", 300, "/uL").At(100, "8331-1", (decimal)value, unit);

        var assessment = course.AssessAt(100);

        Assert.Equal(expectedMet, assessment.FebrileNeutropenia.Met);
        Assert.Equal(expectedRecheck ? At(101) : (DateTimeOffset?)null, assessment.FebrileNeutropenia.TemperatureRecheckDueBy);
        Assert.Equal(expectedCrsFever, assessment.Crs.EpisodeOpen);
    }

    // IDSA sustained fever (3.1, 3.3, 0.1): ≥ 2 readings ≥ 38.0 °C whose timestamps span ≥ 60 min with no reading < 38.0 °C between.
    [Theory]
    [InlineData(38.0, null, 38.0, 60, true)]
    [InlineData(38.0, null, 38.0, 59, false)]
    [InlineData(38.0, 38.1, 38.0, 60, true)]
    [InlineData(38.0, 37.99, 38.0, 60, false)]
    [InlineData(38.0, 37.99, 38.0, 66, false)]
    [InlineData(37.99, null, 38.0, 60, false)]
    [InlineData(38.0, null, 37.99, 60, false)]
    public void Idsa_sustained_fever_needs_60_minutes_at_or_above_38_0_with_no_lower_reading_between(
        double first, double? middle, double last, int minutes, bool expectedMet)
    {
        var start = At(120);
        var course = new CourseBuilder().At(110, "751-8", 300, "/uL").At(start, "8310-5", (decimal)first, "Cel");
        if (middle is { } between) course.At(start.AddMinutes(30), "8310-5", (decimal)between, "Cel");
        course.At(start.AddMinutes(minutes), "8310-5", (decimal)last, "Cel");

        var fn = course.Timeline.Assess(start.AddMinutes(minutes)).FebrileNeutropenia;

        Assert.Equal(expectedMet, fn.Met);
        Assert.Equal(expectedMet, fn.Active);
    }

    // ESMO (3.2): single > 38.3 °C (strict), or two consecutive readings > 38.0 °C (strict) over 2 h.
    [Theory]
    [InlineData(38.31, null, 0, true)]
    [InlineData(38.3, null, 0, false)]
    [InlineData(38.01, 38.01, 120, true)]
    [InlineData(38.01, 38.01, 119, false)]
    [InlineData(38.0, 38.0, 120, false)]
    [InlineData(38.01, 38.0, 120, false)]
    public void Esmo_fever_uses_strict_thresholds_and_a_2_hour_window(double first, double? second, int minutes, bool expectedMet)
    {
        var start = At(120);
        var course = Esmo().At(110, "751-8", 0.3m, "10*9/L").At(start, "8310-5", (decimal)first, "Cel");
        if (second is { } later) course.At(start.AddMinutes(minutes), "8310-5", (decimal)later, "Cel");

        var fn = course.Timeline.Assess(start.AddMinutes(minutes)).FebrileNeutropenia;

        Assert.Equal(expectedMet, fn.Met);
        Assert.Equal("ESMO", fn.Definition);
    }

    // IDSA is the default definition (3.2 [P]); under it the same 38.3 °C reading is a fever.
    [Fact]
    public void The_default_definition_is_idsa()
    {
        var fn = new CourseBuilder().At(110, "751-8", 0.3m, "10*9/L").At(120, "8310-5", 38.3m, "Cel").AssessAt(120).FebrileNeutropenia;

        Assert.Equal("IDSA", fn.Definition);
        Assert.True(fn.Met);
    }

    // 0.1: the fever counts if it happened in the 24 h up to t.
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void A_fever_counts_for_24_hours(int minutesAfter24Hours, bool expectedActive)
    {
        var course = new CourseBuilder().At(99, "751-8", 300, "/uL").At(100, "8310-5", 38.5m, "Cel");

        var fn = course.Timeline.Assess(At(124).AddMinutes(minutesAfter24Hours)).FebrileNeutropenia;

        Assert.Equal(expectedActive, fn.Active);
        Assert.True(fn.Met);
    }

    // 0.1: the latest ANC drawn in the 48 h up to t.
    [Theory]
    [InlineData(48 * 60, true)]
    [InlineData(48 * 60 + 1, false)]
    public void An_anc_counts_for_48_hours(int minutesBeforeFever, bool expectedMet)
    {
        var fever = At(100);
        var course = new CourseBuilder().At(fever.AddMinutes(-minutesBeforeFever), "751-8", 300, "/uL").At(fever, "8310-5", 38.5m, "Cel");

        Assert.Equal(expectedMet, course.Timeline.Assess(fever).FebrileNeutropenia.Met);
    }

    // Anticipated-neutropenia arm (3.3 [P], 0.1): ANC < 1000/µL and lower than the ANC before it (V16).
    [Theory]
    [InlineData(1.9, 0.999, NeutropeniaArm.Anticipated)]
    [InlineData(1.9, 1.0, NeutropeniaArm.None)]
    [InlineData(0.9, 0.9, NeutropeniaArm.None)]
    [InlineData(0.8, 0.9, NeutropeniaArm.None)]
    [InlineData(0.9, 0.899, NeutropeniaArm.Anticipated)]
    [InlineData(0.6, 0.499, NeutropeniaArm.Measured)]
    [InlineData(0.4, 0.499, NeutropeniaArm.Measured)]
    public void Anc_under_1000_and_falling_is_anticipated_neutropenia(double previous, double latest, NeutropeniaArm expectedArm)
    {
        var course = new CourseBuilder()
            .At(24, "751-8", (decimal)previous, "10*9/L")
            .At(36, "751-8", (decimal)latest, "10*9/L")
            .At(48, "8310-5", 38.5m, "Cel");

        var fn = course.AssessAt(48).FebrileNeutropenia;

        Assert.Equal(expectedArm, fn.Arm);
        Assert.Equal(expectedArm != NeutropeniaArm.None, fn.Met);
        Assert.Equal(expectedArm == NeutropeniaArm.Anticipated, fn.Reason.Contains("anticipated neutropenia", StringComparison.Ordinal));
    }

    // The anticipated arm applies "within day 14 after infusion" (0.1; "days 0–14", 3.3): the last minute of day 14 in, day 15 out.
    [Theory]
    [InlineData(-1, NeutropeniaArm.Anticipated)]
    [InlineData(0, NeutropeniaArm.None)]
    public void The_anticipated_arm_ends_with_day_14(int minutesFromDay15, NeutropeniaArm expectedArm)
    {
        var t = CourseBuilder.InfusionAt.AddDays(15).AddMinutes(minutesFromDay15);
        var course = new CourseBuilder()
            .At(t.AddHours(-24), "751-8", 1.5m, "10*9/L")
            .At(t.AddHours(-2), "751-8", 0.8m, "10*9/L")
            .At(t, "8310-5", 38.6m, "Cel");

        var fn = course.Timeline.Assess(t).FebrileNeutropenia;

        Assert.Equal(expectedArm, fn.Arm);
        Assert.Equal(expectedArm != NeutropeniaArm.None, fn.Met);
    }

    // Axillary readings 37.5–37.9 °C are flagged for clinician review, with no offset added (3.3).
    [Theory]
    [InlineData("8328-7", 37.49, false)]
    [InlineData("8328-7", 37.5, true)]
    [InlineData("8328-7", 37.9, true)]
    [InlineData("8328-7", 38.0, false)]
    [InlineData("8331-1", 37.7, false)]
    [InlineData("8310-5", 37.7, false)]
    public void Axillary_readings_from_37_5_to_37_9_need_review(string code, double celsius, bool expectedReview)
    {
        var course = new CourseBuilder().At(99, "751-8", 300, "/uL").At(100, code, (decimal)celsius, "Cel");

        var fn = course.AssessAt(100).FebrileNeutropenia;

        Assert.Equal(expectedReview, fn.AxillaryReadingNeedsReview);
        Assert.False(fn.Met);
    }

    // qSOFA (3.4): one point each for RR ≥ 22/min, altered mentation (GCS < 15) and SBP ≤ 100 mmHg.
    [Theory]
    [InlineData("9279-1", 22, "/min", 1)]
    [InlineData("9279-1", 21, "/min", 0)]
    [InlineData("8480-6", 100, "mm[Hg]", 1)]
    [InlineData("8480-6", 101, "mm[Hg]", 0)]
    [InlineData("9269-2", 14, "{score}", 1)]
    [InlineData("9269-2", 15, "{score}", 0)]
    public void Qsofa_criteria_boundaries(string code, double value, string unit, int expectedScore)
    {
        var course = new CourseBuilder().At(10, "8310-5", 38.5m, "Cel").At(11, code, (decimal)value, unit);

        var qsofa = course.AssessAt(11).Qsofa;

        Assert.Equal(expectedScore, qsofa.Score);
        Assert.Equal(1, qsofa.CriteriaAssessed);
        Assert.False(qsofa.Flag);
    }

    // Altered mentation from ACVPU: anything but Alert counts ([P] in QsofaScoring, consistent with "GCS < 15").
    [Theory]
    [InlineData("A", 0)]
    [InlineData("C", 1)]
    [InlineData("V", 1)]
    [InlineData("P", 1)]
    [InlineData("U", 1)]
    public void Qsofa_altered_mentation_from_acvpu(string acvpu, int expectedScore)
    {
        var course = new CourseBuilder().At(10, "8310-5", 38.5m, "Cel").At(11, "tm:acvpu", acvpu);

        Assert.Equal(expectedScore, course.AssessAt(11).Qsofa.Score);
    }

    // qSOFA ≥ 2 raises the flag only during a febrile episode, and never downgrades anything (3.4 [P], 10.3).
    [Theory]
    [InlineData(true, 22, 100, 2, true)]
    [InlineData(true, 21, 100, 1, false)]
    [InlineData(true, 22, 101, 1, false)]
    [InlineData(false, 22, 100, 2, false)]
    public void Qsofa_flag_needs_2_points_and_a_fever(bool febrile, int respiratoryRate, int systolic, int expectedScore, bool expectedFlag)
    {
        var course = new CourseBuilder().At(10, "8310-5", febrile ? 38.5m : 37.0m, "Cel")
            .At(11, "9279-1", respiratoryRate, "/min")
            .At(11, "8480-6", systolic, "mm[Hg]")
            .At(11, "tm:acvpu", "A");

        var qsofa = course.AssessAt(11).Qsofa;

        Assert.Equal(expectedScore, qsofa.Score);
        Assert.Equal(3, qsofa.CriteriaAssessed);
        Assert.Equal(febrile, qsofa.Febrile);
        Assert.Equal(expectedFlag, qsofa.Flag);
    }
}
