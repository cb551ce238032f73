using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Readings;
using TrialMonitor.Clinical.Tests.Support;
using static TrialMonitor.Clinical.Tests.Support.CourseBuilder;

namespace TrialMonitor.Clinical.Tests.Readings;

/// <summary>A reading is how an alert shows the observation that set it: the value and unit as sent, worded for a clinician.</summary>
public sealed class ReadingTests
{
    [Fact]
    public void A_quantity_reads_as_sent_not_in_the_canonical_unit()
    {
        var fahrenheit = Accepted("t-1", "8310-5", ObservationValue.Of(101.3m), "[degF]", 12);

        var reading = Reading.From(fahrenheit);

        Assert.Equal("t-1", reading.ObservationId);
        Assert.Equal("8310-5", reading.Code);
        Assert.Equal(Parameter.Temperature, reading.Parameter);
        Assert.Equal(101.3m, reading.Value);
        Assert.Equal("[degF]", reading.Unit);
        Assert.Null(reading.Concept);
        Assert.Equal(CourseBuilder.AtHours(12), reading.EffectiveAt);
        Assert.Equal(ReadingText.Describe(fahrenheit), reading.Text);
        Assert.Contains("°F", reading.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_coded_value_reads_as_its_concept_with_no_value_or_unit()
    {
        var device = Accepted("d-1", "tm:o2-device", ObservationValue.Of("nasal-cannula"), null, 12);

        var reading = Reading.From(device);

        Assert.Null(reading.Value);
        Assert.Null(reading.Unit);
        Assert.Equal("nasal-cannula", reading.Concept);
    }

    [Fact]
    public void Readings_of_the_same_observation_are_equal_and_of_another_are_not()
    {
        var fever = Accepted("t-1", "8310-5", ObservationValue.Of(38.6m), "Cel", 12);
        var sameAgain = Accepted("t-1", "8310-5", ObservationValue.Of(38.6m), "Cel", 12);
        var later = Accepted("t-2", "8310-5", ObservationValue.Of(38.6m), "Cel", 13);

        Assert.Equal(Reading.From(fever), Reading.From(fever));
        Assert.Equal(Reading.From(fever), Reading.From(sameAgain));
        Assert.Equal(Reading.From(fever).GetHashCode(), Reading.From(sameAgain).GetHashCode());
        Assert.NotEqual(Reading.From(fever), Reading.From(later));
    }

    [Fact]
    public void FromAll_keeps_the_order_given_and_skips_nulls_and_repeats()
    {
        var fever = Accepted("t-1", "8310-5", ObservationValue.Of(38.6m), "Cel", 12);
        var pulse = Accepted("h-1", "8867-4", ObservationValue.Of(120m), "/min", 12);

        var readings = Reading.FromAll(pulse, null, fever, pulse);

        Assert.Equal(["h-1", "t-1"], readings.Select(r => r.ObservationId).ToArray());
    }
}
