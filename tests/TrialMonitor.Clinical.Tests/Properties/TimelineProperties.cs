using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.Clinical.Tests.Properties;

/// <summary>Arrival order and duplicates never change an assessment (rules.md 0.1), on courses long enough to cross checkpoints.</summary>
public sealed class TimelineProperties
{
    public static class Courses
    {
        public static Arbitrary<ShuffledCourse> Shuffled() => GeneratedCourses.Shuffled();
    }

    [Property(Arbitrary = [typeof(Courses)], MaxTest = 60)]
    public void Any_arrival_order_gives_the_same_assessment(ShuffledCourse course)
    {
        var inOrder = Ingest(course.InEffectiveOrder);
        var shuffled = Ingest(course.Arrival);

        Assert.Equal(inOrder.Count, shuffled.Count);
        Assert.Equal(VignetteTests.Summary(inOrder.Assess()), VignetteTests.Summary(shuffled.Assess()));
        var midway = course.InEffectiveOrder[course.InEffectiveOrder.Count / 2].EffectiveAt;
        Assert.Equal(VignetteTests.Summary(inOrder.Assess(midway)), VignetteTests.Summary(shuffled.Assess(midway)));
        var end = course.InEffectiveOrder[^1].EffectiveAt;
        Assert.Equal(inOrder.VitalSignGaps(end), shuffled.VitalSignGaps(end));
    }

    [Property(Arbitrary = [typeof(Courses)], MaxTest = 30)]
    public void Resending_every_observation_changes_nothing(ShuffledCourse course)
    {
        var once = Ingest(course.InEffectiveOrder);
        var twice = Ingest([.. course.Arrival, .. course.InEffectiveOrder]);

        Assert.Equal(once.Count, twice.Count);
        Assert.Equal(VignetteTests.Summary(once.Assess()), VignetteTests.Summary(twice.Assess()));
    }

    [Property(Arbitrary = [typeof(Courses)], MaxTest = 30)]
    public void Assessing_the_past_equals_a_timeline_that_stopped_then(ShuffledCourse course)
    {
        var cut = course.InEffectiveOrder[course.InEffectiveOrder.Count / 3].EffectiveAt;
        var full = Ingest(course.Arrival);
        var stopped = Ingest(course.Arrival.Where(o => o.EffectiveAt <= cut).ToArray());

        Assert.Equal(VignetteTests.Summary(stopped.Assess(cut)), VignetteTests.Summary(full.Assess(cut)));
    }

    internal static PatientTimeline Ingest(IReadOnlyList<SentObservation> observations)
    {
        var timeline = new PatientTimeline(new PatientProfile(GeneratedCourses.InfusionAt, 45));
        var receivedAt = GeneratedCourses.InfusionAt.AddDays(40);
        foreach (var sent in observations)
        {
            var result = ObservationNormaliser.Default.Normalise(sent.ToInput(), receivedAt, GeneratedCourses.InfusionAt);
            Assert.True(result.IsAccepted, $"{sent} was rejected: {result.Rejection}");
            timeline.Add(result.Observation!);
        }

        return timeline;
    }
}
