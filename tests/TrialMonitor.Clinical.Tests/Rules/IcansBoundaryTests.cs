using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Tests.Support;

namespace TrialMonitor.Clinical.Tests.Rules;

/// <summary>Both sides of every ASTCT ICANS threshold of rules.md section 2 (2.2 adults by ICE, 2.3 children under 12 by CAPD).</summary>
public sealed class IcansBoundaryTests
{
    private static CourseBuilder Neuro(int ageYears, params (string Code, string? Value, int? Score)[] checks)
    {
        var course = new CourseBuilder(ageYears);
        foreach (var (code, value, score) in checks)
        {
            if (score is { } points) course.At(20, code, points, "{score}");
            else if (code == "tm:motor-weakness") course.Add(CourseBuilder.AtHours(20), code, ObservationValue.Of(value == "true"), null);
            else course.At(20, code, value!);
        }

        return course;
    }

    private static (string, string?, int?) Ice(int score) => ("tm:ice-score", null, score);

    private static (string, string?, int?) Capd(int score) => ("tm:capd-score", null, score);

    private static (string, string?, int?) Check(string code, string value) => (code, value, null);

    // ICE 10 → 0; 7–9 → 1; 3–6 → 2; 0–2 → 3 (2.2).
    [Theory]
    [InlineData(10, 0)]
    [InlineData(9, 1)]
    [InlineData(7, 1)]
    [InlineData(6, 2)]
    [InlineData(3, 2)]
    [InlineData(2, 3)]
    [InlineData(0, 3)]
    public void Adult_ice_score_bands(int ice, int expectedGrade)
    {
        var icans = Neuro(45, Ice(ice)).AssessAt(20).Icans;

        Assert.Equal(expectedGrade, icans.Grade);
        Assert.Equal(expectedGrade, icans.MaxGrade);
        Assert.Equal("ICE", icans.EncephalopathyTool);
    }

    // ICE 0 awake with global aphasia → 3; ICE 0 unarousable → 4 (2.2 rules; V19, V20).
    [Theory]
    [InlineData("spontaneous", 3)]
    [InlineData("voice", 3)]
    [InlineData("tactile", 3)]
    [InlineData("unarousable", 4)]
    public void Ice_0_is_grade_3_unless_the_patient_is_unarousable(string arousal, int expectedGrade)
    {
        Assert.Equal(expectedGrade, Neuro(45, Ice(0), Check("tm:arousal", arousal)).AssessAt(20).Icans.Grade);
    }

    // Depressed level of consciousness: spontaneous → 1 only with ICE 7–9 (ICE 10 and alert = no ICANS); voice → 2;
    // tactile only → 3; unarousable or vigorous stimuli → 4 (2.2 and its [P] note).
    [Theory]
    [InlineData(10, "spontaneous", 0)]
    [InlineData(9, "spontaneous", 1)]
    [InlineData(10, "voice", 2)]
    [InlineData(10, "tactile", 3)]
    [InlineData(10, "unarousable", 4)]
    [InlineData(8, "voice", 2)]
    [InlineData(5, "tactile", 3)]
    public void Adult_arousal_levels(int ice, string arousal, int expectedGrade)
    {
        Assert.Equal(expectedGrade, Neuro(45, Ice(ice), Check("tm:arousal", arousal)).AssessAt(20).Icans.Grade);
    }

    // Seizure: rapidly resolving → 3; prolonged (> 5 min) or repetitive → 4. Motor: deep focal weakness → 4.
    // Cerebral oedema: focal → 3; diffuse → 4 (2.2).
    [Theory]
    [InlineData("tm:seizure", "none", 0)]
    [InlineData("tm:seizure", "rapid", 3)]
    [InlineData("tm:seizure", "prolonged", 4)]
    [InlineData("tm:motor-weakness", "false", 0)]
    [InlineData("tm:motor-weakness", "true", 4)]
    [InlineData("tm:cerebral-edema", "none", 0)]
    [InlineData("tm:cerebral-edema", "focal", 3)]
    [InlineData("tm:cerebral-edema", "diffuse", 4)]
    public void Seizure_motor_and_oedema_domains_with_a_normal_ice(string code, string value, int expectedGrade)
    {
        Assert.Equal(expectedGrade, Neuro(45, Ice(10), Check(code, value)).AssessAt(20).Icans.Grade);
    }

    // The most severe domain wins (2.2: "ICE 3 + generalised seizure = grade 3"; V18).
    [Theory]
    [InlineData(3, "tm:seizure", "rapid", 3)]
    [InlineData(6, "tm:seizure", "rapid", 3)]
    [InlineData(8, "tm:cerebral-edema", "focal", 3)]
    [InlineData(2, "tm:seizure", "prolonged", 4)]
    [InlineData(9, "tm:motor-weakness", "true", 4)]
    [InlineData(3, "tm:cerebral-edema", "diffuse", 4)]
    [InlineData(7, "tm:arousal", "voice", 2)]
    public void The_grade_is_the_most_severe_domain(int ice, string code, string value, int expectedGrade)
    {
        Assert.Equal(expectedGrade, Neuro(45, Ice(ice), Check(code, value)).AssessAt(20).Icans.Grade);
    }

    // Children under 12 (2.3): CAPD 1–8 with spontaneous waking → 1; CAPD < 9 and waking to voice → 2;
    // CAPD ≥ 9 or tactile-only arousal → 3; unarousable → 4.
    [Theory]
    [InlineData(0, null, 0)]
    [InlineData(1, null, 1)]
    [InlineData(8, null, 1)]
    [InlineData(9, null, 3)]
    [InlineData(32, null, 3)]
    [InlineData(1, "spontaneous", 1)]
    [InlineData(8, "spontaneous", 1)]
    [InlineData(9, "spontaneous", 3)]
    [InlineData(8, "voice", 2)]
    [InlineData(9, "voice", 3)]
    [InlineData(0, "tactile", 3)]
    [InlineData(5, "unarousable", 4)]
    public void Child_capd_bands_and_arousal(int capd, string? arousal, int expectedGrade)
    {
        var course = arousal is null ? Neuro(11, Capd(capd)) : Neuro(11, Capd(capd), Check("tm:arousal", arousal));

        var icans = course.AssessAt(20).Icans;

        Assert.Equal(expectedGrade, icans.Grade);
        Assert.Equal("CAPD", icans.EncephalopathyTool);
    }

    // Children: seizures, deep focal weakness and oedema grade as in adults (2.3).
    [Theory]
    [InlineData("tm:seizure", "rapid", 3)]
    [InlineData("tm:seizure", "prolonged", 4)]
    [InlineData("tm:motor-weakness", "true", 4)]
    [InlineData("tm:cerebral-edema", "focal", 3)]
    [InlineData("tm:cerebral-edema", "diffuse", 4)]
    public void Child_seizure_motor_and_oedema_domains(string code, string value, int expectedGrade)
    {
        Assert.Equal(expectedGrade, Neuro(11, Capd(0), Check(code, value)).AssessAt(20).Icans.Grade);
    }

    // Age switch "< 12 per the paper" (2.3, 13.9): 11 uses CAPD, 12 uses ICE; the other tool is flagged, never graded.
    [Theory]
    [InlineData(11, "tm:capd-score", 9, 3, "CAPD", false)]
    [InlineData(12, "tm:capd-score", 9, 0, "ICE", true)]
    [InlineData(11, "tm:ice-score", 2, 0, "CAPD", true)]
    [InlineData(12, "tm:ice-score", 2, 3, "ICE", false)]
    public void Age_11_is_graded_by_capd_and_age_12_by_ice(int ageYears, string code, int score, int expectedGrade, string expectedTool, bool expectedFlag)
    {
        var course = new CourseBuilder(ageYears);
        var observation = ObservationNormaliser.Default.Normalise(
            new ObservationInput("neuro-1", code, ObservationValue.Of(score), "{score}", CourseBuilder.AtHours(20)),
            CourseBuilder.AtHours(20), CourseBuilder.InfusionAt).Observation!;

        var outcome = course.Timeline.Add(observation);

        Assert.Equal(expectedFlag, outcome.Flags.Any(f => f.Kind == QualityFlagKind.ToolNotValidForAge));
        var icans = course.AssessAt(20).Icans;
        Assert.Equal(expectedGrade, icans.Grade);
        Assert.Equal(expectedTool, icans.EncephalopathyTool);
    }

    // Each report holds until the next one of its domain: a recovered ICE ends the grade but not the maximum (R5 analogue, 0.1).
    [Theory]
    [InlineData(2, 10, 0)]
    [InlineData(2, 9, 1)]
    public void A_later_ice_replaces_the_earlier_one_and_the_maximum_is_kept(int first, int later, int expectedGrade)
    {
        var course = new CourseBuilder().At(20, "tm:ice-score", first, "{score}").At(28, "tm:ice-score", later, "{score}");

        var icans = course.AssessAt(28).Icans;

        Assert.Equal(expectedGrade, icans.Grade);
        Assert.Equal(3, icans.MaxGrade);
        Assert.Equal(CourseBuilder.AtHours(20), icans.MaxGradeAt);
    }
}
