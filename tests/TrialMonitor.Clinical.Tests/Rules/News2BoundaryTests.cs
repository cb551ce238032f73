using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Rules.News2;
using TrialMonitor.Clinical.Tests.Support;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.Clinical.Tests.Rules;

/// <summary>Both sides of every NEWS2 band edge, the single red parameter, total bands and incompleteness (rules.md 8.1–8.3).</summary>
public sealed class News2BoundaryTests
{
    private const decimal At = 30m;

    /// <summary>
    /// One complete observation set at t30 that scores 0 in every parameter (RR 16, SpO2 97 %, room air, SBP 120,
    /// pulse 70, alert, 37.0 °C), with the given values replacing the defaults; <paramref name="omit"/> leaves one out.
    /// </summary>
    private static News2Assessment Score(
        SpO2Scale scale = SpO2Scale.Scale1,
        decimal respirationRate = 16,
        decimal spO2 = 97,
        string device = "room-air",
        decimal systolic = 120,
        decimal pulse = 70,
        string acvpu = "A",
        decimal temperature = 37.0m,
        string temperatureUnit = "Cel",
        News2Parameter? omit = null)
    {
        var timeline = new PatientTimeline(new PatientProfile(CourseBuilder.InfusionAt, 45, scale));
        var at = CourseBuilder.AtHours(At);
        var next = 0;
        void Add(News2Parameter parameter, string code, ObservationValue value, string? unit)
        {
            if (parameter == omit) return;
            var result = ObservationNormaliser.Default.Normalise(new ObservationInput($"n-{++next}", code, value, unit, at), at, CourseBuilder.InfusionAt);
            Assert.True(result.IsAccepted, $"{code} {value} {unit} was rejected: {result.Rejection}");
            timeline.Add(result.Observation!);
        }

        Add(News2Parameter.RespirationRate, "9279-1", ObservationValue.Of(respirationRate), "/min");
        Add(News2Parameter.OxygenSaturation, "59408-5", ObservationValue.Of(spO2), "%");
        Add(News2Parameter.AirOrOxygen, "tm:o2-device", ObservationValue.Of(device), null);
        Add(News2Parameter.SystolicBloodPressure, "8480-6", ObservationValue.Of(systolic), "mm[Hg]");
        Add(News2Parameter.Pulse, "8867-4", ObservationValue.Of(pulse), "/min");
        Add(News2Parameter.Consciousness, "tm:acvpu", ObservationValue.Of(acvpu), null);
        Add(News2Parameter.Temperature, "8310-5", ObservationValue.Of(temperature), temperatureUnit);
        return timeline.Assess(at).News2;
    }

    private static int PointsOf(News2Assessment news2, News2Parameter parameter) =>
        Assert.Single(news2.Components, c => c.Parameter == parameter).Points;

    /// <summary>The varied parameter scores <paramref name="points"/>, every other parameter 0, so the total is the same.</summary>
    private static void AssertOnly(News2Assessment news2, News2Parameter parameter, int points)
    {
        Assert.Equal(points, PointsOf(news2, parameter));
        Assert.All(news2.Components.Where(c => c.Parameter != parameter), c => Assert.Equal(0, c.Points));
        Assert.Equal(points, news2.Total);
    }

    [Fact]
    public void The_reference_set_scores_0_in_every_parameter()
    {
        var news2 = Score();

        Assert.Equal(7, news2.Components.Count);
        Assert.All(news2.Components, c => Assert.Equal(0, c.Points));
        Assert.Equal(0, news2.Total);
        Assert.Equal("low", news2.Band);
    }

    [Theory]
    [InlineData(8, 3)]
    [InlineData(9, 1)]
    [InlineData(11, 1)]
    [InlineData(12, 0)]
    [InlineData(20, 0)]
    [InlineData(21, 2)]
    [InlineData(24, 2)]
    [InlineData(25, 3)]
    // Rounded half-up to whole breaths before lookup (rules.md 8.3).
    [InlineData(8.4, 3)]
    [InlineData(8.5, 1)]
    [InlineData(20.4, 0)]
    [InlineData(20.5, 2)]
    [InlineData(24.4, 2)]
    [InlineData(24.5, 3)]
    public void Respiration_rate_band_edges(double perMinute, int points) =>
        AssertOnly(Score(respirationRate: (decimal)perMinute), News2Parameter.RespirationRate, points);

    [Theory]
    [InlineData(91, 3)]
    [InlineData(92, 2)]
    [InlineData(93, 2)]
    [InlineData(94, 1)]
    [InlineData(95, 1)]
    [InlineData(96, 0)]
    [InlineData(100, 0)]
    [InlineData(91.4, 3)]
    [InlineData(91.5, 2)]
    [InlineData(95.4, 1)]
    [InlineData(95.5, 0)]
    public void SpO2_scale_1_band_edges(double percent, int points)
    {
        var news2 = Score(spO2: (decimal)percent);

        AssertOnly(news2, News2Parameter.OxygenSaturation, points);
        Assert.Equal("1", news2.Scale);
    }

    [Theory]
    [InlineData(83, 3)]
    [InlineData(84, 2)]
    [InlineData(85, 2)]
    [InlineData(86, 1)]
    [InlineData(87, 1)]
    [InlineData(88, 0)]
    [InlineData(92, 0)]
    // "≥ 93 on air" scores 0 on scale 2.
    [InlineData(93, 0)]
    [InlineData(96, 0)]
    [InlineData(97, 0)]
    [InlineData(100, 0)]
    public void SpO2_scale_2_band_edges_on_air(double percent, int points)
    {
        var news2 = Score(SpO2Scale.Scale2, spO2: (decimal)percent);

        AssertOnly(news2, News2Parameter.OxygenSaturation, points);
        Assert.Equal("2", news2.Scale);
    }

    [Theory]
    [InlineData(83, 3)]
    [InlineData(84, 2)]
    [InlineData(85, 2)]
    [InlineData(86, 1)]
    [InlineData(87, 1)]
    [InlineData(88, 0)]
    [InlineData(92, 0)]
    [InlineData(93, 1)]
    [InlineData(94, 1)]
    [InlineData(95, 2)]
    [InlineData(96, 2)]
    [InlineData(97, 3)]
    [InlineData(100, 3)]
    public void SpO2_scale_2_band_edges_on_oxygen(double percent, int points)
    {
        var news2 = Score(SpO2Scale.Scale2, spO2: (decimal)percent, device: "nasal-cannula");

        Assert.Equal(points, PointsOf(news2, News2Parameter.OxygenSaturation));
        Assert.Equal(2, PointsOf(news2, News2Parameter.AirOrOxygen));
        Assert.Equal(points + 2, news2.Total);
    }

    [Theory]
    [InlineData(93, 2)]
    [InlineData(95, 1)]
    [InlineData(96, 0)]
    [InlineData(97, 0)]
    public void On_scale_1_oxygen_does_not_change_the_SpO2_points(double percent, int points)
    {
        var news2 = Score(spO2: (decimal)percent, device: "nasal-cannula");

        Assert.Equal(points, PointsOf(news2, News2Parameter.OxygenSaturation));
        Assert.Equal(2, PointsOf(news2, News2Parameter.AirOrOxygen));
    }

    [Theory]
    [InlineData("room-air", 0)]
    [InlineData("nasal-cannula", 2)]
    [InlineData("blow-by", 2)]
    [InlineData("hfnc", 2)]
    [InlineData("simple-mask", 2)]
    [InlineData("venturi", 2)]
    [InlineData("non-rebreather", 2)]
    [InlineData("cpap", 2)]
    [InlineData("bipap", 2)]
    [InlineData("invasive-ventilation", 2)]
    public void Air_scores_0_and_any_supplemental_oxygen_scores_2(string device, int points) =>
        AssertOnly(Score(device: device), News2Parameter.AirOrOxygen, points);

    [Theory]
    [InlineData(90, 3)]
    [InlineData(91, 2)]
    [InlineData(100, 2)]
    [InlineData(101, 1)]
    [InlineData(110, 1)]
    [InlineData(111, 0)]
    [InlineData(219, 0)]
    [InlineData(220, 3)]
    [InlineData(90.4, 3)]
    [InlineData(90.5, 2)]
    [InlineData(110.4, 1)]
    [InlineData(110.5, 0)]
    [InlineData(219.4, 0)]
    [InlineData(219.5, 3)]
    public void Systolic_blood_pressure_band_edges(double mmHg, int points) =>
        AssertOnly(Score(systolic: (decimal)mmHg), News2Parameter.SystolicBloodPressure, points);

    [Theory]
    [InlineData(40, 3)]
    [InlineData(41, 1)]
    [InlineData(50, 1)]
    [InlineData(51, 0)]
    [InlineData(90, 0)]
    [InlineData(91, 1)]
    [InlineData(110, 1)]
    [InlineData(111, 2)]
    [InlineData(130, 2)]
    [InlineData(131, 3)]
    [InlineData(40.4, 3)]
    [InlineData(40.5, 1)]
    [InlineData(90.4, 0)]
    [InlineData(90.5, 1)]
    [InlineData(130.4, 2)]
    [InlineData(130.5, 3)]
    public void Pulse_band_edges(double perMinute, int points) =>
        AssertOnly(Score(pulse: (decimal)perMinute), News2Parameter.Pulse, points);

    [Theory]
    [InlineData("A", 0)]
    [InlineData("C", 3)]
    [InlineData("V", 3)]
    [InlineData("P", 3)]
    [InlineData("U", 3)]
    public void Alert_scores_0_and_new_confusion_voice_pain_or_unresponsive_score_3(string acvpu, int points) =>
        AssertOnly(Score(acvpu: acvpu), News2Parameter.Consciousness, points);

    [Theory]
    [InlineData(35.0, 3)]
    [InlineData(35.1, 1)]
    [InlineData(36.0, 1)]
    [InlineData(36.1, 0)]
    [InlineData(38.0, 0)]
    [InlineData(38.1, 1)]
    [InlineData(39.0, 1)]
    [InlineData(39.1, 2)]
    // Rounded half-up to 0.1 °C before lookup: 38.04 → 38.0, 38.05 → 38.1 (rules.md 8.3).
    [InlineData(35.04, 3)]
    [InlineData(35.05, 1)]
    [InlineData(36.04, 1)]
    [InlineData(36.05, 0)]
    [InlineData(38.04, 0)]
    [InlineData(38.05, 1)]
    [InlineData(39.04, 1)]
    [InlineData(39.05, 2)]
    public void Temperature_band_edges_after_half_up_rounding(double celsius, int points) =>
        AssertOnly(Score(temperature: (decimal)celsius), News2Parameter.Temperature, points);

    [Theory]
    // 100.4 °F = 38.0 °C exactly → 0; 100.49 °F = 38.05 °C → 38.1 → 1; 100.48 °F = 38.044 °C → 38.0 → 0.
    [InlineData(100.4, 0)]
    [InlineData(100.48, 0)]
    [InlineData(100.49, 1)]
    public void Fahrenheit_is_converted_before_rounding_and_lookup(double fahrenheit, int points) =>
        AssertOnly(Score(temperature: (decimal)fahrenheit, temperatureUnit: "[degF]"), News2Parameter.Temperature, points);

    [Theory]
    // RR, SpO2, SBP, pulse, ACVPU, temperature → total, band (rules.md 8.2).
    [InlineData(16, 97, 120, 70, "A", 37.0, 0, "low")]
    [InlineData(21, 97, 120, 111, "A", 37.0, 4, "low")]
    [InlineData(21, 97, 120, 111, "A", 38.1, 5, "medium")]
    [InlineData(21, 97, 101, 111, "A", 38.1, 6, "medium")]
    [InlineData(21, 95, 101, 111, "A", 38.1, 7, "high")]
    [InlineData(25, 91, 90, 131, "U", 35.0, 18, "high")]
    // A single parameter scoring 3 with a total below 5 is low–medium; from 5 the total band applies.
    [InlineData(16, 97, 90, 70, "A", 37.0, 3, "low-medium")]
    [InlineData(16, 97, 90, 91, "A", 38.1, 5, "medium")]
    [InlineData(16, 97, 120, 70, "C", 38.1, 4, "low-medium")]
    [InlineData(8, 97, 120, 70, "A", 37.0, 3, "low-medium")]
    [InlineData(16, 91, 120, 70, "A", 37.0, 3, "low-medium")]
    [InlineData(16, 97, 120, 40, "A", 37.0, 3, "low-medium")]
    [InlineData(16, 97, 120, 70, "A", 35.0, 3, "low-medium")]
    [InlineData(16, 97, 220, 70, "A", 37.0, 3, "low-medium")]
    // Two points in each of two parameters is 4 without a red parameter: low, not low–medium.
    [InlineData(16, 93, 100, 70, "A", 37.0, 4, "low")]
    public void Total_bands_and_the_single_red_parameter(
        double respirationRate, double spO2, double systolic, double pulse, string acvpu, double temperature, int total, string band)
    {
        var news2 = Score(
            respirationRate: (decimal)respirationRate, spO2: (decimal)spO2, systolic: (decimal)systolic, pulse: (decimal)pulse,
            acvpu: acvpu, temperature: (decimal)temperature);

        Assert.Equal(total, news2.Total);
        Assert.Equal(band, news2.Band);
        Assert.Equal(news2.Components.Any(c => c.Points == 3), news2.SingleRedParameter);
    }

    [Theory]
    [InlineData(News2Parameter.RespirationRate)]
    [InlineData(News2Parameter.OxygenSaturation)]
    [InlineData(News2Parameter.AirOrOxygen)]
    [InlineData(News2Parameter.SystolicBloodPressure)]
    [InlineData(News2Parameter.Pulse)]
    [InlineData(News2Parameter.Consciousness)]
    [InlineData(News2Parameter.Temperature)]
    public void A_missing_parameter_makes_the_total_null_with_the_partial_sum_as_a_lower_bound(News2Parameter missing)
    {
        // RR 25 (3) + pulse 111 (2) + 38.1 °C (1) = 6 when complete.
        var complete = Score(respirationRate: 25, pulse: 111, temperature: 38.1m);
        var incomplete = Score(respirationRate: 25, pulse: 111, temperature: 38.1m, omit: missing);

        Assert.Equal(6, complete.Total);
        Assert.Null(incomplete.Total);
        Assert.Null(incomplete.Band);
        Assert.Equal(6, incomplete.ParametersPresent);
        Assert.Equal(missing, Assert.Single(incomplete.Missing));
        var lost = complete.Components.Single(c => c.Parameter == missing).Points;
        Assert.Equal(6 - lost, incomplete.PartialTotal);
    }

    [Fact]
    public void On_scale_2_without_a_device_reading_the_total_is_null()
    {
        var news2 = Score(SpO2Scale.Scale2, spO2: 90, omit: News2Parameter.AirOrOxygen);

        Assert.Null(news2.Total);
        Assert.Equal([News2Parameter.OxygenSaturation, News2Parameter.AirOrOxygen], news2.Missing);
    }
}
