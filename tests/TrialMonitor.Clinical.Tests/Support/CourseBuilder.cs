using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.Clinical.Tests.Support;

/// <summary>Builds a patient course through the real normaliser, failing loudly if an intended observation is rejected.</summary>
public sealed class CourseBuilder
{
    private int _next;

    public CourseBuilder(int ageYears = 45, ClinicalRulesOptions? options = null)
    {
        Timeline = new PatientTimeline(new PatientProfile(InfusionAt, ageYears), options);
    }

    public static DateTimeOffset InfusionAt { get; } = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public PatientTimeline Timeline { get; }

    public static DateTimeOffset AtHours(decimal hours) => InfusionAt + TimeSpan.FromTicks((long)(hours * TimeSpan.TicksPerHour));

    public static DateTimeOffset AtDay(int day, int hour = 8) => InfusionAt.AddDays(day).AddHours(hour - 8);

    /// <summary>One observation through the real normaliser, received when taken, failing loudly if it is rejected.</summary>
    public static Observation Accepted(string id, string code, ObservationValue value, string? unit, decimal atHours)
    {
        var at = AtHours(atHours);
        var result = ObservationNormaliser.Default.Normalise(new ObservationInput(id, code, value, unit, at), at, InfusionAt);
        Assert.True(result.IsAccepted, result.Rejection?.Message);
        return result.Observation!;
    }

    public CourseBuilder At(decimal hours, string code, decimal value, string unit) => Add(AtHours(hours), code, ObservationValue.Of(value), unit);

    public CourseBuilder At(decimal hours, string code, string value) => Add(AtHours(hours), code, ObservationValue.Of(value), null);

    public CourseBuilder Pressors(decimal hours, params string[] running) => Add(AtHours(hours), "tm:vasopressors", ObservationValue.Of(running), null);

    public CourseBuilder At(DateTimeOffset at, string code, decimal value, string unit) => Add(at, code, ObservationValue.Of(value), unit);

    public CourseBuilder At(DateTimeOffset at, string code, string value) => Add(at, code, ObservationValue.Of(value), null);

    public CourseBuilder Add(DateTimeOffset at, string code, ObservationValue value, string? unit)
    {
        var input = new ObservationInput($"obs-{++_next:D5}", code, value, unit, at);
        var result = ObservationNormaliser.Default.Normalise(input, at.AddMinutes(1), InfusionAt);
        Assert.True(result.IsAccepted, $"{code} {value} {unit} was rejected: {result.Rejection}");
        Timeline.Add(result.Observation!);
        return this;
    }

    public PatientAssessment AssessAt(decimal hours) => Timeline.Assess(AtHours(hours));
}
