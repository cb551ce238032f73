using TrialMonitor.Clinical.Tests.Support;

namespace TrialMonitor.Clinical.Tests.Rules;

/// <summary>Both sides of every ASTCT CRS threshold and episode boundary of rules.md section 1 (1.1–1.3) and 0.1, with the CrsOptions defaults.</summary>
public sealed class CrsBoundaryTests
{
    private static DateTimeOffset At(decimal hours) => CourseBuilder.AtHours(hours);

    private static CourseBuilder FebrileAt(decimal hours, decimal celsius = 38.5m) => new CourseBuilder().At(hours, "8310-5", celsius, "Cel");

    private static string[] List(string csv) => csv.Length == 0 ? [] : csv.Split(',');

    // Fever: T ≥ 38.0 °C at full precision after conversion, any site, no duration (1.1 note 1, R8, 0.1).
    [Theory]
    [InlineData("8310-5", 38.0, "Cel", 1)]
    [InlineData("8310-5", 37.99, "Cel", 0)]
    [InlineData("8310-5", 100.4, "[degF]", 1)]
    [InlineData("8310-5", 100.39, "[degF]", 0)]
    [InlineData("8331-1", 38.0, "Cel", 1)]
    [InlineData("8331-1", 37.99, "Cel", 0)]
    [InlineData("8328-7", 38.0, "Cel", 1)]
    [InlineData("8328-7", 37.99, "Cel", 0)]
    [InlineData("8332-9", 38.0, "Cel", 1)]
    [InlineData("8332-9", 37.99, "Cel", 0)]
    [InlineData("8333-7", 100.4, "[degF]", 1)]
    [InlineData("8333-7", 100.39, "[degF]", 0)]
    public void A_single_temperature_at_or_above_38_0_opens_a_grade_1_episode(string code, double value, string unit, int expectedGrade)
    {
        var course = new CourseBuilder().At(10, code, (decimal)value, unit);

        var crs = course.AssessAt(10).Crs;

        Assert.Equal(expectedGrade, crs.Grade);
        Assert.Equal(expectedGrade, crs.MaxGrade);
        Assert.Equal(expectedGrade == 1, crs.EpisodeOpen);
        Assert.Equal(expectedGrade == 1 ? At(10) : (DateTimeOffset?)null, crs.OnsetAt);
        Assert.Equal(expectedGrade == 1 ? 1 : 0, crs.Episodes.Count);
    }

    // Without a fever there is no CRS, whatever the hypotension or hypoxia (R3, R4; V11).
    [Theory]
    [InlineData(38.0, 4)]
    [InlineData(37.99, 0)]
    public void Severe_hypotension_and_hypoxia_grade_nothing_without_a_fever(double celsius, int expectedGrade)
    {
        var course = new CourseBuilder()
            .At(10, "8310-5", (decimal)celsius, "Cel")
            .At(10, "8480-6", 80, "mm[Hg]")
            .Pressors(10, "norepinephrine", "phenylephrine")
            .At(10, "tm:o2-device", "invasive-ventilation");

        Assert.Equal(expectedGrade, course.AssessAt(10).Crs.Grade);
    }

    // Hypotension (0.1, R2): SBP < 90 mmHg or a fluid bolus → 2; one pressor ± vasopressin, or vasopressin alone → 3;
    // two or more non-vasopressin pressors → 4.
    [Theory]
    [InlineData(89.0, 0, "", 2)]
    [InlineData(90.0, 0, "", 1)]
    [InlineData(120.0, 500, "", 2)]
    [InlineData(120.0, 0, "", 1)]
    [InlineData(120.0, 0, "norepinephrine", 3)]
    [InlineData(120.0, 0, "vasopressin", 3)]
    [InlineData(120.0, 0, "norepinephrine,vasopressin", 3)]
    [InlineData(120.0, 0, "dopamine", 3)]
    [InlineData(120.0, 0, "norepinephrine,phenylephrine", 4)]
    [InlineData(120.0, 0, "epinephrine,dopamine,vasopressin", 4)]
    [InlineData(85.0, 1000, "norepinephrine", 3)]
    public void Hypotension_grades_by_systolic_pressure_fluids_and_the_count_of_non_vasopressin_pressors(
        double systolic, int bolusMillilitres, string pressors, int expectedGrade)
    {
        var course = FebrileAt(10).At(11, "8480-6", (decimal)systolic, "mm[Hg]").Pressors(11, List(pressors));
        if (bolusMillilitres > 0) course.At(11, "tm:fluid-bolus", bolusMillilitres, "mL");

        var crs = course.AssessAt(11).Crs;

        Assert.Equal(expectedGrade, crs.Grade);
        Assert.Equal(expectedGrade, crs.MaxGrade);
    }

    // Hypoxia (R1, note 4): the device decides; nasal cannula ≤ 6 L/min or blow-by → 2; nasal cannula > 6 L/min, HFNC at any flow,
    // simple facemask, non-rebreather or Venturi → 3; CPAP, BiPAP or invasive ventilation → 4.
    [Theory]
    [InlineData("room-air", null, 1)]
    [InlineData("nasal-cannula", 6.0, 2)]
    [InlineData("nasal-cannula", 6.1, 3)]
    [InlineData("nasal-cannula", 1.0, 2)]
    [InlineData("blow-by", null, 2)]
    [InlineData("hfnc", 5.0, 3)]
    [InlineData("hfnc", 40.0, 3)]
    [InlineData("simple-mask", 5.0, 3)]
    [InlineData("venturi", null, 3)]
    [InlineData("non-rebreather", 15.0, 3)]
    [InlineData("cpap", null, 4)]
    [InlineData("bipap", null, 4)]
    [InlineData("invasive-ventilation", null, 4)]
    public void Hypoxia_grades_by_oxygen_device_and_nasal_cannula_flow(string device, double? flow, int expectedGrade)
    {
        var course = FebrileAt(10).At(11, "tm:o2-device", device);
        if (flow is { } litres) course.At(11, "3151-8", (decimal)litres, "L/min");

        Assert.Equal(expectedGrade, course.AssessAt(11).Crs.Grade);
    }

    // More-severe-event rule (1.1 note 3): "a febrile patient on a single vasopressor and low-flow nasal cannula would be classified as Grade 3".
    [Theory]
    [InlineData("norepinephrine", 0, "nasal-cannula", 3.0, 3)]
    [InlineData("", 1000, "hfnc", 40.0, 3)]
    [InlineData("", 1000, "nasal-cannula", 6.0, 2)]
    [InlineData("vasopressin", 0, "bipap", null, 4)]
    [InlineData("norepinephrine,phenylephrine", 0, "room-air", null, 4)]
    [InlineData("norepinephrine,vasopressin", 0, "nasal-cannula", 6.1, 3)]
    public void The_grade_is_the_more_severe_of_hypotension_and_hypoxia(string pressors, int bolusMillilitres, string device, double? flow, int expectedGrade)
    {
        var course = FebrileAt(10).Pressors(11, List(pressors)).At(11, "tm:o2-device", device);
        if (bolusMillilitres > 0) course.At(11, "tm:fluid-bolus", bolusMillilitres, "mL");
        if (flow is { } litres) course.At(11, "3151-8", (decimal)litres, "L/min");

        Assert.Equal(expectedGrade, course.AssessAt(11).Crs.Grade);
    }

    // Vasopressors and the oxygen device are snapshots: each report replaces the previous one (0.1).
    [Theory]
    [InlineData("tm:vasopressors", 3)]
    [InlineData("tm:o2-device", 4)]
    public void A_later_snapshot_of_no_pressor_or_room_air_ends_that_grade(string code, int gradeWhileRunning)
    {
        var course = FebrileAt(10);
        if (code == "tm:vasopressors") course.Pressors(11, "norepinephrine").Pressors(12);
        else course.At(11, "tm:o2-device", "cpap").At(12, "tm:o2-device", "room-air");

        Assert.Equal(gradeWhileRunning, course.AssessAt(11).Crs.Grade);
        var after = course.AssessAt(12).Crs;
        Assert.Equal(1, after.Grade);
        Assert.Equal(gradeWhileRunning, after.MaxGrade);
    }

    // Masked fever rule (1.1 note 2, R3): once CRS is established, anti-cytokines, steroids and antipyretics waive the fever requirement.
    [Theory]
    [InlineData("tocilizumab")]
    [InlineData("siltuximab")]
    [InlineData("anakinra")]
    [InlineData("dexamethasone")]
    [InlineData("methylprednisolone")]
    [InlineData("paracetamol")]
    public void After_a_documented_fever_a_masking_drug_lets_a_pressor_grade_3_while_afebrile(string drug)
    {
        var course = FebrileAt(40, 38.8m)
            .At(42, "tm:medication", drug)
            .At(60, "8310-5", 37.2m, "Cel")
            .At(61, "8480-6", 84, "mm[Hg]")
            .Pressors(61, "norepinephrine");

        var crs = course.AssessAt(61).Crs;

        Assert.Equal(3, crs.Grade);
        Assert.True(crs.FeverMasked);
        Assert.True(crs.EpisodeOpen);
        Assert.Equal(At(40), crs.OnsetAt);
    }

    // R3 "given since onset": a drug at the onset instant masks; one given a minute before the first fever does not.
    [Theory]
    [InlineData(0, true)]
    [InlineData(-1, false)]
    public void A_masking_drug_counts_only_from_the_onset_of_the_episode(int minutesFromOnset, bool expectedMasked)
    {
        var course = new CourseBuilder()
            .At(At(40).AddMinutes(minutesFromOnset), "tm:medication", "tocilizumab")
            .At(40, "8310-5", 38.8m, "Cel")
            .At(50, "8310-5", 37.0m, "Cel");

        var crs = course.AssessAt(50).Crs;

        Assert.Equal(expectedMasked, crs.FeverMasked);
        // While the episode is open the fever requirement is met either way (0.1; R6: "CRS ongoing, grade 1").
        Assert.Equal(1, crs.Grade);
        Assert.True(crs.EpisodeOpen);
    }

    // R3 strict reading: a drug before any documented fever does not waive the fever requirement; it raises
    // "possible masked CRS" instead, for a drug given within MaskedCrsLookback (72 h) before the hypotension.
    [Theory]
    [InlineData(72 * 60, true)]
    [InlineData(72 * 60 + 1, false)]
    public void Hypotension_after_premedication_without_fever_is_possible_masked_crs_not_a_grade(int minutesAfterDrug, bool expectedPossibleMasked)
    {
        var drugAt = At(2);
        var course = new CourseBuilder()
            .At(drugAt, "tm:medication", "paracetamol")
            .At(drugAt.AddMinutes(minutesAfterDrug), "8310-5", 37.4m, "Cel")
            .At(drugAt.AddMinutes(minutesAfterDrug), "8480-6", 84, "mm[Hg]")
            .At(drugAt.AddMinutes(minutesAfterDrug), "tm:fluid-bolus", 1000, "mL");

        var crs = course.Timeline.Assess(drugAt.AddMinutes(minutesAfterDrug)).Crs;

        Assert.Equal(0, crs.Grade);
        Assert.Equal(0, crs.MaxGrade);
        Assert.False(crs.EpisodeOpen);
        Assert.Equal(expectedPossibleMasked, crs.PossibleMaskedCrs);
    }

    // Resolution (1.2 [P], 0.1): 24 h with no temperature ≥ 38.0, no vasopressor running, room air and no fluid bolus.
    // The window runs from the last of those; exactly 24 h resolves, one minute less does not.
    [Theory]
    [InlineData("fever", 10, 0, true)]
    [InlineData("fever", 10, -1, false)]
    [InlineData("later-fever", 20, 0, true)]
    [InlineData("later-fever", 20, -1, false)]
    [InlineData("pressor", 20, 0, true)]
    [InlineData("pressor", 20, -1, false)]
    [InlineData("oxygen", 30, 0, true)]
    [InlineData("oxygen", 30, -1, false)]
    [InlineData("bolus", 15, 0, true)]
    [InlineData("bolus", 15, -1, false)]
    public void An_episode_resolves_exactly_24_hours_after_the_last_fever_pressor_oxygen_or_bolus(
        string lastActivity, int lastActivityHour, int minutesFromWindowEnd, bool expectedResolved)
    {
        var course = FebrileAt(10, 38.4m).At(11, "8310-5", 37.2m, "Cel");
        switch (lastActivity)
        {
            case "later-fever":
                course.At(lastActivityHour, "8310-5", 38.0m, "Cel");
                break;
            case "pressor":
                course.Pressors(12, "norepinephrine").Pressors(lastActivityHour);
                break;
            case "oxygen":
                course.At(12, "tm:o2-device", "nasal-cannula").At(12, "3151-8", 2, "L/min").At(lastActivityHour, "tm:o2-device", "room-air");
                break;
            case "bolus":
                course.At(lastActivityHour, "tm:fluid-bolus", 500, "mL");
                break;
        }

        var windowEnd = At(lastActivityHour + 24);
        var crs = course.Timeline.Assess(windowEnd.AddMinutes(minutesFromWindowEnd)).Crs;

        Assert.Equal(!expectedResolved, crs.EpisodeOpen);
        var episode = Assert.Single(crs.Episodes);
        Assert.Equal(expectedResolved ? windowEnd : (DateTimeOffset?)null, episode.ResolvedAt);
        // The current grade is that of the last time point while open, and 0 once resolved (R5).
        Assert.Equal(expectedResolved, crs.Grade == 0);
        Assert.True(crs.MaxGrade >= 1);
    }

    // No resolution while a vasopressor is still running or oxygen is still given, however long ago it was reported (1.2 (b), (c)).
    [Theory]
    [InlineData("tm:vasopressors", 3)]
    [InlineData("tm:o2-device", 3)]
    public void A_pressor_or_oxygen_still_running_keeps_the_episode_open(string code, int expectedGrade)
    {
        var course = FebrileAt(10);
        if (code == "tm:vasopressors") course.Pressors(10, "norepinephrine");
        else course.At(10, "tm:o2-device", "simple-mask");

        var crs = course.AssessAt(100).Crs;

        Assert.True(crs.EpisodeOpen);
        Assert.Equal(expectedGrade, crs.Grade);
        Assert.Null(Assert.Single(crs.Episodes).ResolvedAt);
    }

    // A new fever after resolution opens a new episode (1.2, 0.1); one during the open episode does not.
    [Theory]
    [InlineData(0, 2)]
    [InlineData(-1, 1)]
    public void A_fever_at_the_resolution_time_opens_a_second_episode_and_one_a_minute_earlier_does_not(int minutesFromResolution, int expectedEpisodes)
    {
        var resolution = At(34);
        var secondFever = resolution.AddMinutes(minutesFromResolution);
        var course = FebrileAt(10).At(secondFever, "8310-5", 38.2m, "Cel");

        var crs = course.Timeline.Assess(secondFever).Crs;

        Assert.Equal(expectedEpisodes, crs.Episodes.Count);
        Assert.True(crs.EpisodeOpen);
        Assert.Equal(1, crs.Grade);
        Assert.Equal(expectedEpisodes == 2 ? secondFever : At(10), crs.OnsetAt);
        Assert.Equal(expectedEpisodes == 2 ? resolution : (DateTimeOffset?)null, crs.Episodes[0].ResolvedAt);
    }

    // R5: the maximum grade since infusion survives resolution; the current grade returns to 0.
    [Fact]
    public void After_resolution_the_current_grade_is_0_and_the_maximum_is_kept()
    {
        var course = FebrileAt(10).Pressors(10, "norepinephrine", "epinephrine").Pressors(12);

        var crs = course.AssessAt(36).Crs;

        Assert.False(crs.EpisodeOpen);
        Assert.Equal(0, crs.Grade);
        Assert.Equal(4, crs.MaxGrade);
        Assert.Equal(4, Assert.Single(crs.Episodes).MaxGrade);
    }
}
