using System.Globalization;
using TrialMonitor.Contracts.Trials;
using TrialMonitor.Grains.Tests.Support;

namespace TrialMonitor.Grains.Tests;

/// <summary>The trial's roster of enrolled patients: every enrolment stored, concurrent enrolments sharing writes.</summary>
public sealed class TrialRosterTests
{
    [Fact]
    public async Task Concurrent_enrolments_are_all_stored_before_they_return_and_share_roster_writes()
    {
        var directory = GrainCluster.NewDataDirectory();
        var ids = new List<string>();
        await using (var cluster = await GrainCluster.StartAsync(directory))
        {
            var trial = cluster.Client.GetGrain<ITrialGrain>("ROSTER-T");
            // Whether calls overlap depends on how the test client's messages arrive: on a loaded machine a burst can
            // arrive one call at a time. Sharing must show in one of a few bursts; without it every burst writes once per patient.
            var sharedInABurst = false;
            var writes = 0;
            for (var burst = 0; burst < 5 && !sharedInABurst; burst++)
            {
                var burstIds = Enumerable.Range(0, 300).Select(i => $"ROSTER-B{burst}-P{i:D3}").ToArray();
                ids.AddRange(burstIds);
                // Each patient twice, the second while the first may still be in flight: both wait for a stored roster.
                await Task.WhenAll(burstIds.Concat(burstIds.Take(50)).Select(id => trial.RegisterPatientAsync(id)));

                var (stored, writesNow) = await ReadRosterAsync(cluster, "ROSTER-T");
                Assert.Equal(ids.Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
                // The version counts writes: never more than one per new patient, fewer when enrolments shared them.
                Assert.InRange(writesNow - writes, 1, burstIds.Length);
                sharedInABurst = writesNow - writes < burstIds.Length;
                writes = writesNow;
            }

            Assert.True(sharedInABurst, "every burst of 300 enrolments wrote the roster once per patient");

            // A patient already stored returns at once and changes nothing.
            await trial.RegisterPatientAsync(ids[0]);
            Assert.Equal(writes, (await ReadRosterAsync(cluster, "ROSTER-T")).Writes);
        }

        // After a restart the roster is whole, and adding to it keeps every earlier patient.
        await using var restarted = await GrainCluster.StartAsync(directory);
        await restarted.Client.GetGrain<ITrialGrain>("ROSTER-T").RegisterPatientAsync("ROSTER-LATE");
        var (after, _) = await ReadRosterAsync(restarted, "ROSTER-T");
        Assert.Equal(ids.Count + 1, after.Count);
        Assert.Contains("ROSTER-LATE", after.Keys);
    }

    private static async Task<(Dictionary<string, DateTimeOffset> Stored, int Writes)> ReadRosterAsync(GrainCluster cluster, string trialId)
    {
        var state = await cluster.StoredRosterAsync(trialId);
        Assert.True(state.RecordExists, "no roster stored");
        return (state.State!.EnrolledAt, int.Parse(state.ETag!, CultureInfo.InvariantCulture));
    }
}
