using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Tests.Observations;

/// <summary>The compact layout keeps what was set: the effective time with its offset, and the concept.</summary>
public sealed class ObservationLayoutTests
{
    [Theory]
    [InlineData("2026-03-03T14:05:00+01:00")]
    [InlineData("2026-03-29T01:59:59.9999999+00:00")]
    [InlineData("2026-07-01T23:30:00-09:30")]
    [InlineData("2026-12-31T00:00:00+05:45")]
    [InlineData("2026-01-01T00:00:00+14:00")]
    [InlineData("2026-01-01T00:00:00-12:00")]
    public void The_effective_time_keeps_its_instant_and_its_offset(string sent)
    {
        var at = DateTimeOffset.Parse(sent, System.Globalization.CultureInfo.InvariantCulture);

        var observation = new Observation { Id = "m-1", Code = "8310-5", Parameter = Parameter.Temperature, EffectiveAt = at };

        Assert.Equal(at, observation.EffectiveAt);
        Assert.Equal(at.Offset, observation.EffectiveAt.Offset);
        Assert.Equal(at.UtcTicks, observation.EffectiveAt.UtcTicks);
        Assert.Equal(sent, observation.EffectiveAt.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(ushort.MaxValue)]
    public void A_concept_in_range_is_kept(int concept)
    {
        var observation = new Observation { Id = "m-1", Code = "tm:vasopressor", Parameter = Parameter.Vasopressors, EffectiveAt = DateTimeOffset.UnixEpoch, Concept = concept };

        Assert.Equal(concept, observation.Concept);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(ushort.MaxValue + 1)]
    public void A_concept_out_of_range_is_refused_rather_than_truncated(int concept)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new Observation { Id = "m-1", Code = "tm:vasopressor", Parameter = Parameter.Vasopressors, EffectiveAt = DateTimeOffset.UnixEpoch, Concept = concept });

        Assert.Equal(concept, error.ActualValue);
    }
}
