using TrialMonitor.Contracts.Observations;
using TrialMonitor.Grains.Tests.Support;
using static TrialMonitor.Grains.Tests.Support.Course;

namespace TrialMonitor.Grains.Tests;

/// <summary>An observation id counts once across the deployment; arrival order does not change the grades.</summary>
public sealed class DuplicateTests : IAsyncLifetime
{
    private GrainCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory());

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task An_id_seen_before_is_accepted_once_in_one_batch_again_later_and_for_another_patient()
    {
        var first = _cluster.Patient("DUP1-A");
        var second = _cluster.Patient("DUP1-B");
        await first.EnrolAsync(Enrolment("DUP1-C"));
        await second.EnrolAsync(Enrolment("DUP1-C"));

        var once = await first.IngestAsync(Indexed(Temperature("dup1-1", 37.0m, Hour(2)), Temperature("dup1-1", 37.0m, Hour(2))));
        Assert.Equal((1, 1), (once.Accepted, once.Duplicates));

        // The same id with a different value: the first one stands, for this patient and for any other.
        var again = await first.IngestAsync([Temperature("dup1-1", 39.5m, Hour(2))]);
        var elsewhere = await second.IngestAsync([Temperature("dup1-1", 39.5m, Hour(2))]);
        Assert.Equal((0, 1), (again.Accepted, again.Duplicates));
        Assert.Equal((0, 1), (elsewhere.Accepted, elsewhere.Duplicates));
        Assert.Empty(again.Rejected);
        Assert.Empty(elsewhere.Rejected);

        var a = (await first.GetStatusAsync())!;
        var b = (await second.GetStatusAsync())!;
        Assert.Equal((1, 0), (a.ObservationCount, a.Crs.Grade));
        Assert.Equal(0, b.ObservationCount);
        Assert.Empty(await _cluster.Center("DUP1-C").GetEventsAfterAsync(0));
    }

    [Fact]
    public async Task Observations_arriving_in_reverse_order_give_the_same_status_and_alert_as_in_order()
    {
        SubmittedObservation[] Course(string prefix) =>
        [
            Temperature($"{prefix}-t0", 37.1m, Hour(1)),
            Temperature($"{prefix}-t1", 38.6m, Hour(2)),
            Number($"{prefix}-hr", "8867-4", 118m, "/min", Hour(2.5)),
            OxygenDevice($"{prefix}-o2", "nasal-cannula", Hour(3)),
            OxygenFlow($"{prefix}-flow", 8m, Hour(3)),
            Temperature($"{prefix}-t2", 38.2m, Hour(4)),
        ];

        var inOrder = _cluster.Patient("DUP2-IN");
        var reversed = _cluster.Patient("DUP2-REV");
        await inOrder.EnrolAsync(Enrolment("DUP2-C"));
        await reversed.EnrolAsync(Enrolment("DUP2-C"));
        foreach (var observation in Course("dup2-in")) Assert.Equal(1, (await inOrder.IngestAsync([observation])).Accepted);
        foreach (var observation in Course("dup2-rev").Reverse()) Assert.Equal(1, (await reversed.IngestAsync([observation])).Accepted);

        var expected = (await inOrder.GetStatusAsync())!;
        var actual = (await reversed.GetStatusAsync())!;
        Assert.Equal(3, expected.Crs.Grade);
        Assert.Equal(6, actual.ObservationCount);
        Assert.Equal(Checks.Json(expected with { PatientId = "", OpenAlerts = [] }), Checks.Json(actual with { PatientId = "", OpenAlerts = [] }));

        var expectedAlert = Assert.Single(expected.OpenAlerts);
        var actualAlert = Assert.Single(actual.OpenAlerts);
        // The alert is an event of its arrival: its wording may name the readings known then, its grade may not differ.
        Assert.Equal((expectedAlert.Kind, expectedAlert.Grade, expectedAlert.Severity), (actualAlert.Kind, actualAlert.Grade, actualAlert.Severity));
        Assert.NotEqual(expectedAlert.AlertId, actualAlert.AlertId);
    }
}
