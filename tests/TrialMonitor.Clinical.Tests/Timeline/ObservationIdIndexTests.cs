using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Tests.Support;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.Clinical.Tests.Timeline;

public sealed class ObservationIdIndexTests
{
    private static Observation Temperature(string id) => CourseBuilder.Accepted(id, "8310-5", ObservationValue.Of(37.0m), "Cel", 1);

    [Theory]
    [InlineData(1)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(5_000)]
    public void Agrees_with_a_set_of_the_ids_across_growth_with_duplicates_mixed_in(int distinct)
    {
        var random = new Random(distinct);
        var index = new ObservationIdIndex();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        // Long shared prefixes, as senders' ids have, so probing compares whole strings.
        var ids = Enumerable.Range(0, distinct).Select(i => $"mon-7f3a-{i:D6}").ToArray();
        for (var step = 0; step < distinct * 3; step++)
        {
            // A fresh string instance each time: equality is by content, never by reference.
            var id = new string(ids[random.Next(distinct)].AsSpan());
            Assert.Equal(expected.Contains(id), index.Contains(id));
            Assert.Equal(expected.Add(id), index.Add(Temperature(id)));
            Assert.Equal(expected.Count, index.Count);
        }

        Assert.All(ids.Where(expected.Contains), id => Assert.True(index.Contains(id)));
        Assert.False(index.Contains("mon-7f3a-999999"));
        Assert.False(index.Contains(""));
    }

    [Fact]
    public void Stays_below_its_load_limit_and_grows_by_doubling()
    {
        var index = new ObservationIdIndex();
        var capacities = new SortedSet<int>();
        for (var i = 0; i < 10_000; i++)
        {
            index.Add(Temperature($"m-{i}"));
            Assert.True(index.Count * 100 <= index.Capacity * ObservationIdIndex.MaxLoadPercent, $"{index.Count} in {index.Capacity} slots");
            capacities.Add(index.Capacity);
        }

        Assert.All(capacities, c => Assert.True(int.IsPow2(c), $"capacity {c}"));
        Assert.Equal(16384, index.Capacity);
    }

    [Fact]
    public void A_second_observation_with_a_held_id_is_refused()
    {
        var index = new ObservationIdIndex();
        var first = Temperature("m-1");
        Assert.True(index.Add(first));
        Assert.False(index.Add(CourseBuilder.Accepted("m-1", "8867-4", ObservationValue.Of(80m), "/min", 2)));
        Assert.Equal(1, index.Count);
        Assert.True(index.Contains("m-1"));
    }

    [Fact]
    public void Ids_whose_stored_hashes_agree_are_told_apart_by_their_text()
    {
        // The index compares ids only where their hashes agree; find two ids that agree (about 60,000 tries by the birthday bound).
        var seen = new Dictionary<int, string>();
        string first = "", second = "";
        for (var i = 0; i < 2_000_000 && first.Length == 0; i++)
        {
            var id = $"mon-{i}";
            if (seen.TryGetValue(ObservationIdIndex.HashOf(id), out var earlier)) (first, second) = (earlier, id);
            else seen.Add(ObservationIdIndex.HashOf(id), id);
        }

        Assert.NotEqual("", first);
        var index = new ObservationIdIndex();
        Assert.True(index.Add(Temperature(first)));
        Assert.False(index.Contains(second));
        Assert.True(index.Add(Temperature(second)));
        Assert.False(index.Add(Temperature(second)));
        Assert.True(index.Contains(first));
        Assert.True(index.Contains(second));
        Assert.Equal(2, index.Count);
    }
}
