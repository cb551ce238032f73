using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Patients;
using TrialMonitor.Grains.Tests.Support;
using static TrialMonitor.Grains.Tests.Support.Course;

namespace TrialMonitor.Grains.Tests;

/// <summary>Two silos: patients and their center on different silos still give one alert per condition, gap-free.</summary>
public sealed class TwoSiloTests
{
    private const int Patients = 4;

    [Fact]
    public async Task Patients_on_another_silo_than_their_center_raise_one_alert_per_condition_also_after_their_silo_stops()
    {
        await using var cluster = await GrainCluster.StartAsync(GrainCluster.NewDataDirectory(), silos: 2);
        var center = cluster.Center("TWO-C");
        var patients = Enumerable.Range(1, Patients).Select(i => cluster.Patient($"TWO-P{i}")).ToArray();
        foreach (var patient in patients) Assert.Equal(EnrolmentOutcome.Enrolled, (await patient.EnrolAsync(Enrolment("TWO-C"))).Outcome);

        // Move the first patient away from its center, so that at least one pair certainly talks across silos.
        var centerSilo = cluster.SiloOf(center)!;
        var otherSilo = cluster.Cluster.GetActiveSilos().Select(s => s.SiloAddress).Single(s => !s.Equals(centerSilo));
        if (cluster.SiloOf(patients[0])!.Equals(centerSilo)) await cluster.Cluster.MigrateAsync(patients[0], otherSilo);
        Assert.Equal(otherSilo, cluster.SiloOf(patients[0]));

        // All patients at once, each batch twice: the center records concurrent changes from both silos.
        var courses = Enumerable.Range(1, Patients).Select(i => FeverThenHypoxia($"two-{i}")).ToArray();
        await Task.WhenAll(patients.Select(async (patient, i) =>
        {
            await Task.WhenAll(patient.IngestAsync(courses[i].Fever), patient.IngestAsync(courses[i].Fever));
            await Task.WhenAll(patient.IngestAsync(courses[i].Hypoxia), patient.IngestAsync(courses[i].Hypoxia));
        }));

        var events = await center.GetEventsAfterAsync(0);
        Checks.GapFree(events);
        Assert.Equal(2 * Patients, events.Count);
        foreach (var patient in patients)
        {
            var id = patient.GetPrimaryKeyString();
            var alert = Assert.Single(await center.GetAlertsAsync(null, 0), a => a.PatientId == id);
            Assert.Equal((AlertKinds.Crs, 3, AlertStatuses.Open), (alert.Kind, alert.Grade!.Value, alert.Status));
            Assert.Equal([AlertEvents.Raised, AlertEvents.Updated], events.Where(e => e.AlertId == alert.AlertId).Select(e => e.Event));
            Assert.Equal(alert.AlertId, Assert.Single((await patient.GetStatusAsync())!.OpenAlerts).AlertId);
        }

        // The first patient's silo stops: the patient comes back on the center's silo with the same status and alerts.
        var statusBefore = Checks.Json(await patients[0].GetStatusAsync());
        await cluster.Cluster.StopSiloAsync(cluster.Cluster.GetSiloForAddress(otherSilo)!);
        Assert.Equal(statusBefore, Checks.Json(await patients[0].GetStatusAsync()));
        Assert.Equal(centerSilo, cluster.SiloOf(patients[0]));
        var resent = await patients[0].IngestAsync(Indexed([.. courses[0].Fever, .. courses[0].Hypoxia]));
        Assert.Equal((0, 3), (resent.Accepted, resent.Duplicates));
        Assert.Equal(Checks.Json(events), Checks.Json(await center.GetEventsAfterAsync(0)));
    }
}
