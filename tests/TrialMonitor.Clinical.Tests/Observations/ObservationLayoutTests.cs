using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Tests.Observations;

/// <summary>The compact layout keeps what was set: the effective time with its offset, the concept, the value as sent and the flags.</summary>
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_value_sent_in_another_unit_is_kept_beside_the_canonical_one_whichever_is_set_first(bool quantityFirst)
    {
        var observation = quantityFirst
            ? new Observation { Id = "m-1", Code = "8310-5", Parameter = Parameter.Temperature, EffectiveAt = DateTimeOffset.UnixEpoch, Quantity = 38.5m, ReportedQuantity = 101.3m }
            : new Observation { Id = "m-1", Code = "8310-5", Parameter = Parameter.Temperature, EffectiveAt = DateTimeOffset.UnixEpoch, ReportedQuantity = 101.3m, Quantity = 38.5m };

        Assert.Equal(38.5m, observation.Quantity);
        Assert.Equal(101.3m, observation.ReportedQuantity);
    }

    [Fact]
    public void A_reported_value_set_equal_to_an_earlier_quantity_keeps_that_value()
    {
        // Initialisers run in source order: here the reported value matches the quantity only until the quantity is set.
        var observation = new Observation { Id = "m-1", Code = "8310-5", Parameter = Parameter.Temperature, EffectiveAt = DateTimeOffset.UnixEpoch, ReportedQuantity = 0m, Quantity = 38.5m };

        Assert.Equal(0m, observation.ReportedQuantity);
        Assert.Equal(38.5m, observation.Quantity);
    }

    [Fact]
    public void A_value_written_with_more_digits_is_shown_as_written()
    {
        var observation = new Observation { Id = "m-1", Code = "8310-5", Parameter = Parameter.Temperature, EffectiveAt = DateTimeOffset.UnixEpoch, Quantity = 38.5m, ReportedQuantity = 38.50m };

        Assert.Equal("38.50", observation.ReportedQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("38.5", observation.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Without_a_reported_value_the_value_as_sent_is_the_quantity()
    {
        var observation = new Observation { Id = "m-1", Code = "8867-4", Parameter = Parameter.HeartRate, EffectiveAt = DateTimeOffset.UnixEpoch, Quantity = 92m };

        Assert.Equal(92m, observation.ReportedQuantity);
    }

    [Fact]
    public void Flags_are_kept_and_none_reads_as_empty()
    {
        var flag = new QualityFlag(QualityFlagKind.OutsideSoftLimits, "heart rate 250 /min is outside the usual range; check the reading");

        var flagged = new Observation { Id = "m-1", Code = "8867-4", Parameter = Parameter.HeartRate, EffectiveAt = DateTimeOffset.UnixEpoch, Quantity = 250m, Flags = [flag] };
        var plain = new Observation { Id = "m-2", Code = "8867-4", Parameter = Parameter.HeartRate, EffectiveAt = DateTimeOffset.UnixEpoch, Quantity = 92m, Flags = [] };

        Assert.Equal([flag], flagged.Flags);
        Assert.Empty(plain.Flags);
    }

    [Fact]
    public void A_reading_sent_in_the_canonical_unit_without_flags_is_one_object_of_88_bytes()
    {
        // Millions are held at once (bench/README, "what a silo's memory is made of"): the common case allocates nothing more.
        static Observation Make(decimal value) => new()
        {
            Id = "m-1", Code = "8867-4", Parameter = Parameter.HeartRate, EffectiveAt = DateTimeOffset.UnixEpoch,
            Quantity = value, ReportedQuantity = value, ReportedUnit = "/min", Flags = [],
        };
        Make(1m);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var observation = Make(92m);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(92m, observation.ReportedQuantity);
        Assert.Equal(88, allocated);
    }
}
