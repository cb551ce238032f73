using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Grains.Tests.Support;
using static TrialMonitor.Grains.Tests.Support.Course;

namespace TrialMonitor.Grains.Tests;

/// <summary>
/// The patient's stored state is written when an alert changes, not as readings accumulate: the log is replayed on
/// activation anyway, and a write every few hundred readings was PostgreSQL's largest cost after the log itself
/// (bench/README.md, "server GC again, and the patient's state writes").
/// </summary>
public sealed class PatientStateWriteTests
{
    [Fact]
    public async Task Readings_that_change_no_alert_leave_the_stored_state_alone_and_an_alert_is_stored_at_once_and_after_a_restart()
    {
        var directory = GrainCluster.NewDataDirectory();
        const int quietReadings = 600;
        await using (var first = await GrainCluster.StartAsync(directory))
        {
            var patient = first.Patient("PSW1-P");
            await patient.EnrolAsync(Enrolment("PSW1-C"));
            var enrolled = await first.StoredPatientAsync("PSW1-P");

            for (var batch = 0; batch < quietReadings / 100; batch++)
            {
                var readings = Enumerable.Range(batch * 100, 100)
                    .Select(i => Temperature($"psw1-t{i}", 37.0m, InfusionAt.AddMinutes(5 * i)))
                    .ToArray();
                Assert.Equal(100, (await patient.IngestAsync(Indexed(readings))).Accepted);
            }

            var quiet = await first.StoredPatientAsync("PSW1-P");
            Assert.Equal(enrolled.ETag, quiet.ETag);
            Assert.Empty(quiet.State!.Alerts);

            Assert.Equal(1, (await patient.IngestAsync(Indexed(Temperature("psw1-fever", 38.6m, Hour(55))))).Accepted);
            var alerted = await first.StoredPatientAsync("PSW1-P");
            Assert.NotEqual(enrolled.ETag, alerted.ETag);
            Assert.Equal([AlertKinds.Crs], alerted.State!.Alerts.Keys);
        }

        await using var second = await GrainCluster.StartAsync(directory);
        var status = (await second.Patient("PSW1-P").GetStatusAsync())!;
        Assert.Equal(quietReadings + 1, status.ObservationCount);
        var open = Assert.Single(status.OpenAlerts);
        Assert.Equal((AlertKinds.Crs, 1), (open.Kind, open.Grade!.Value));
        Assert.Single(await second.Center("PSW1-C").GetEventsAfterAsync(0));
    }
}
