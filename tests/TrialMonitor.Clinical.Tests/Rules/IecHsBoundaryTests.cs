using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Rules.IecHs;
using TrialMonitor.Clinical.Tests.Support;

namespace TrialMonitor.Clinical.Tests.Rules;

/// <summary>Both sides of each IEC-HS lab criterion, suspected versus not, and the treatment-based grades (rules.md 4.2–4.3).</summary>
public sealed class IecHsBoundaryTests
{
    private const string Ferritin = "2276-4";
    private const string Alt = "1742-6";
    private const string Ast = "1920-8";
    private const string Fibrinogen = "3255-7";
    private const string Platelets = "777-3";

    /// <summary>
    /// Values at infusion (t−2): ferritin 1000 ng/mL, platelets 140 ×10⁹/L, ALT <paramref name="baselineAlt"/> U/L (ULN 45, rules.md 12.1 S8).
    /// Ferritin 1500 at t168 and <paramref name="latestFerritin"/> at t216, with the other labs given at t216.
    /// </summary>
    private static CourseBuilder Course(decimal latestFerritin, decimal previousFerritin = 1500, decimal baselineAlt = 30, params (string Code, decimal Value, string Unit)[] labsAt216)
    {
        var course = new CourseBuilder()
            .At(-2, Ferritin, 1000, "ng/mL")
            .At(-2, Platelets, 140, "10*9/L")
            .At(-2, Alt, baselineAlt, "U/L")
            .At(168, Ferritin, previousFerritin, "ng/mL")
            .At(216, Ferritin, latestFerritin, "ng/mL");
        foreach (var (code, value, unit) in labsAt216) course.At(216, code, value, unit);
        return course;
    }

    private static IecHsAssessment AssessAt217(CourseBuilder course) => course.AssessAt(217).IecHs;

    [Theory]
    // Ferritin ≥ 2 × the value at infusion (1000) and rising (rules.md 4.3 [P]); ALT 310 U/L meets a second criterion.
    [InlineData(1999, 1500, false)]
    [InlineData(2000, 1500, true)]
    [InlineData(2001, 1500, true)]
    // Rising: the latest must be above the value before it.
    [InlineData(2500, 2500, false)]
    [InlineData(2500, 2600, false)]
    [InlineData(2500, 2499, true)]
    public void Ferritin_at_least_twice_baseline_and_rising(double latest, double previous, bool suspected)
    {
        var iecHs = AssessAt217(Course((decimal)latest, (decimal)previous, labsAt216: [(Alt, 310, "U/L")]));

        Assert.Equal(suspected, iecHs.Suspected);
        Assert.Equal(suspected, iecHs.CriteriaMetNow);
        Assert.Equal(suspected ? (DateTimeOffset?)CourseBuilder.AtHours(216) : null, iecHs.SuspectedAt);
        Assert.Null(iecHs.Grade);
    }

    [Theory]
    // With ferritin 2500 (≥ 2 × 1000, rising from 1500), one more criterion makes IEC-HS suspected.
    // ALT > 5 × ULN (45 → 225) when the baseline was normal.
    [InlineData(Alt, 225, "U/L", false)]
    [InlineData(Alt, 226, "U/L", true)]
    // AST > 5 × ULN (configured ULN 40 U/L → 200).
    [InlineData(Ast, 200, "U/L", false)]
    [InlineData(Ast, 201, "U/L", true)]
    // Fibrinogen < 150 mg/dL = 1.5 g/L.
    [InlineData(Fibrinogen, 150, "mg/dL", false)]
    [InlineData(Fibrinogen, 149, "mg/dL", true)]
    [InlineData(Fibrinogen, 1.5, "g/L", false)]
    [InlineData(Fibrinogen, 1.49, "g/L", true)]
    // New or worsening cytopenia, operationalised as platelets fallen to half the value at infusion or less (IecHsOptions [P]).
    [InlineData(Platelets, 140, "10*9/L", false)]
    [InlineData(Platelets, 71, "10*9/L", false)]
    [InlineData(Platelets, 70, "10*9/L", true)]
    [InlineData(Platelets, 45, "10*9/L", true)]
    public void Each_second_criterion_on_both_sides(string code, double value, string unit, bool suspected)
    {
        var iecHs = AssessAt217(Course(2500, labsAt216: [(code, (decimal)value, unit)]));

        Assert.Equal(suspected, iecHs.Suspected);
        Assert.Null(iecHs.Grade);
    }

    [Theory]
    // Baseline ALT above the ULN (45): the reference becomes 5 × baseline.
    [InlineData(60, 300, false)]
    [InlineData(60, 301, true)]
    [InlineData(60, 226, false)]
    [InlineData(45, 226, true)]
    public void Transaminases_above_5_times_an_abnormal_baseline(double baselineAlt, double alt, bool suspected)
    {
        var iecHs = AssessAt217(Course(2500, baselineAlt: (decimal)baselineAlt, labsAt216: [(Alt, (decimal)alt, "U/L")]));

        Assert.Equal(suspected, iecHs.Suspected);
    }

    [Fact]
    public void The_ferritin_rise_alone_is_not_suspected()
    {
        var iecHs = AssessAt217(Course(9800));

        Assert.False(iecHs.Suspected);
        Assert.Null(iecHs.Grade);
    }

    [Fact]
    public void Every_other_criterion_without_the_ferritin_rise_is_not_suspected()
    {
        var iecHs = AssessAt217(Course(1999, labsAt216: [(Alt, 310, "U/L"), (Ast, 400, "U/L"), (Fibrinogen, 1.0m, "g/L"), (Platelets, 45, "10*9/L")]));

        Assert.False(iecHs.Suspected);
    }

    /// <summary>Suspected at t216 (ferritin 9800, ALT 310 U/L), then one treatment event at t218.</summary>
    private static int? GradeAfter(string code, string value)
    {
        var course = Course(9800, labsAt216: [(Alt, 310, "U/L")]);
        Assert.True(course.AssessAt(217).IecHs.Suspected);
        var at = CourseBuilder.AtHours(218);
        switch (code)
        {
            case "tm:dialysis":
                course.Add(at, code, ObservationValue.Of(value == "true"), null);
                break;
            case "tm:vasopressors":
                course.Add(at, code, ObservationValue.Of([value]), null);
                break;
            default:
                course.Add(at, code, ObservationValue.Of(value), null);
                break;
        }

        return course.AssessAt(218).IecHs.Grade;
    }

    [Theory]
    // Grade 2: immunosuppressive therapy for IEC-HS, or fibrinogen replacement.
    [InlineData("tm:medication", "anakinra", 2)]
    [InlineData("tm:medication", "dexamethasone", 2)]
    [InlineData("tm:medication", "methylprednisolone", 2)]
    [InlineData("tm:medication", "cryoprecipitate", 2)]
    [InlineData("tm:medication", "fibrinogen-concentrate", 2)]
    // Grade 3: bleeding needing transfusion.
    [InlineData("tm:bleeding", "major", 3)]
    // Grade 4: life-threatening bleeding, vasopressors, intubation, dialysis.
    [InlineData("tm:bleeding", "life-threatening", 4)]
    [InlineData("tm:vasopressors", "norepinephrine", 4)]
    [InlineData("tm:vasopressors", "vasopressin", 4)]
    [InlineData("tm:o2-device", "invasive-ventilation", 4)]
    [InlineData("tm:dialysis", "true", 4)]
    public void Treatment_recorded_after_suspicion_sets_the_grade(string code, string value, int grade) =>
        Assert.Equal(grade, GradeAfter(code, value));

    [Theory]
    // Not an IEC-HS treatment event of rules.md 4.3: the grade stays not computable.
    [InlineData("tm:medication", "tocilizumab")]
    [InlineData("tm:medication", "paracetamol")]
    [InlineData("tm:bleeding", "none")]
    [InlineData("tm:bleeding", "minor")]
    [InlineData("tm:o2-device", "bipap")]
    [InlineData("tm:o2-device", "nasal-cannula")]
    [InlineData("tm:dialysis", "false")]
    public void Without_a_grading_treatment_the_grade_is_null(string code, string value) =>
        Assert.Null(GradeAfter(code, value));

    [Fact]
    public void A_treatment_before_suspicion_does_not_grade()
    {
        var course = Course(9800, labsAt216: [(Alt, 310, "U/L")]).At(100, "tm:medication", "anakinra");

        var iecHs = course.AssessAt(217).IecHs;

        Assert.True(iecHs.Suspected);
        Assert.Null(iecHs.Grade);
    }

    [Fact]
    public void The_grade_climbs_2_then_3_then_4_and_never_falls()
    {
        var course = Course(9800, labsAt216: [(Alt, 310, "U/L")]);
        Assert.Null(course.AssessAt(217).IecHs.Grade);

        course.At(218, "tm:medication", "anakinra");
        Assert.Equal(2, course.AssessAt(218).IecHs.Grade);

        course.At(220, "tm:bleeding", "major");
        Assert.Equal(3, course.AssessAt(220).IecHs.Grade);

        course.Add(CourseBuilder.AtHours(224), "tm:dialysis", ObservationValue.Of(true), null);
        Assert.Equal(4, course.AssessAt(224).IecHs.Grade);

        course.At(230, "tm:bleeding", "none");
        Assert.Equal(4, course.AssessAt(230).IecHs.Grade);
    }
}
