using TrialMonitor.Clinical.Observations;
using TrialMonitor.Contracts.Observations;
using TrialMonitor.Contracts.Safety;
using TrialMonitor.Grains.Patients;
using TrialMonitor.Grains.Tests.Support;
using static TrialMonitor.Grains.Tests.Support.Course;

namespace TrialMonitor.Grains.Tests;

/// <summary>
/// A patient's safety record at a data cut leaves out what arrived after the cut, whether answered from the arrivals the
/// grain remembers or, after a restart, from the observation log: both give the same record.
/// </summary>
public sealed class SafetyRecordCutTests
{
    private static readonly DateTimeOffset Cut = Hour(10);

    [Fact]
    public async Task A_record_at_a_cut_from_remembered_arrivals_is_the_one_the_log_gives_after_a_restart()
    {
        var directory = GrainCluster.NewDataDirectory();
        // Fever on day 0, received a minute later; the hypoxia that makes it grade 3 was taken before the cut but sent
        // after it; a reading taken after the cut. The last two arrive within the minutes the grain remembers.
        var fever = Temperature("cut-t1", 38.6m, Hour(2));
        SubmittedObservation[] lateHypoxia =
        [
            OxygenDevice("cut-o2", "nasal-cannula", Hour(3)) with { ReceivedAt = Cut.AddSeconds(30) },
            OxygenFlow("cut-flow", 8m, Hour(3)) with { ReceivedAt = Cut.AddSeconds(30) },
        ];
        var afterCut = Temperature("cut-t2", 38.2m, Cut.AddSeconds(40)) with { ReceivedAt = Cut.AddSeconds(50) };
        var later = Cut.AddMinutes(1);

        SafetyRecordData atCut, atLater;
        await using (var first = await GrainCluster.StartAsync(directory))
        {
            var patient = first.Patient("CUT-P");
            await patient.EnrolAsync(Enrolment("CUT-C"));
            await patient.IngestAsync(Indexed(fever));
            await patient.IngestAsync(Indexed(lateHypoxia));
            await patient.IngestAsync(Indexed(afterCut));

            atCut = (await patient.GetSafetyRecordAsync(Cut, null))!;
            atLater = (await patient.GetSafetyRecordAsync(later, null))!;
            Assert.Equal(1, atCut.Crs!.MaxGrade);
            Assert.Equal(3, atLater.Crs!.MaxGrade);
        }

        // Re-activated, the grain remembers no arrival: the cut is answered from the log.
        await using var second = await GrainCluster.StartAsync(directory);
        var again = second.Patient("CUT-P");
        Assert.Equal(Checks.Json(atCut), Checks.Json(await again.GetSafetyRecordAsync(Cut, null)));
        Assert.Equal(Checks.Json(atLater), Checks.Json(await again.GetSafetyRecordAsync(later, null)));
    }

    [Fact]
    public void Arrivals_name_what_came_after_the_cut_but_was_effective_by_it_and_give_up_on_a_cut_older_than_they_remember()
    {
        var arrivals = new RecentArrivals(TimeSpan.FromMinutes(2));
        var start = Hour(1);
        arrivals.AddReplayed(start);
        arrivals.Add(Reading("early", start.AddSeconds(10)), start.AddSeconds(20));
        arrivals.Add(Reading("late", start.AddSeconds(30)), start.AddSeconds(90));
        arrivals.Add(Reading("after", start.AddSeconds(70)), start.AddSeconds(80));

        Assert.True(arrivals.TryFindReceivedAfter(start.AddSeconds(60), out var leftOut));
        // "after" is effective after the cut: the engine's assessment at the cut leaves it out by itself.
        Assert.Equal(["late"], leftOut);
        Assert.True(arrivals.TryFindReceivedAfter(start.AddSeconds(90), out leftOut));
        Assert.Empty(leftOut);
        // Before the replayed rows' arrival only the log knows.
        Assert.False(arrivals.TryFindReceivedAfter(start.AddSeconds(-1), out _));

        // Three minutes on, the first arrivals are forgotten and a cut before them goes to the log too.
        arrivals.Add(Reading("much-later", start.AddMinutes(4)), start.AddMinutes(4));
        Assert.False(arrivals.TryFindReceivedAfter(start.AddSeconds(60), out _));
        Assert.True(arrivals.TryFindReceivedAfter(start.AddSeconds(150), out leftOut));
        Assert.Empty(leftOut);
    }

    private static Observation Reading(string id, DateTimeOffset effectiveAt) =>
        new() { Id = id, Code = "8310-5", Parameter = Parameter.Temperature, EffectiveAt = effectiveAt, Quantity = 37m };
}
