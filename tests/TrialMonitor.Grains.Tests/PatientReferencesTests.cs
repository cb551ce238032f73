using TrialMonitor.Contracts.Patients;
using TrialMonitor.Grains.Tests.Support;
using static TrialMonitor.Grains.Tests.Support.Course;

namespace TrialMonitor.Grains.Tests;

/// <summary>A patient reference made from the types resolved once is the one Orleans' GetGrain makes, and it reaches the grain.</summary>
public sealed class PatientReferencesTests
{
    [Fact]
    public async Task References_made_from_the_resolved_types_are_Orleans_own_and_reach_the_grain()
    {
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory());
        var grains = cluster.Client;
        // The first call resolves the types; the later ones build from them.
        foreach (var id in new[] { "REF-P1", "REF-P2", "REF-P1" })
        {
            var built = grains.Patient(id);
            var orleans = grains.GetGrain<IPatientGrain>(id);
            Assert.Equal(orleans.GetGrainId(), built.GetGrainId());
            Assert.Equal(((GrainReference)(object)orleans).InterfaceType, ((GrainReference)(object)built).InterfaceType);
            Assert.Equal(orleans, built);
        }

        Assert.Equal(EnrolmentOutcome.Enrolled, (await grains.Patient("REF-P2").EnrolAsync(Enrolment("REF-C"))).Outcome);
        Assert.Equal("REF-C", (await grains.GetGrain<IPatientGrain>("REF-P2").GetEnrolmentAsync())?.CenterId);
    }
}
