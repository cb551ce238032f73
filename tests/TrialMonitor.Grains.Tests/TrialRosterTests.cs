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
        var ids = Enumerable.Range(0, 300).Select(i => $"ROSTER-P{i:D3}").ToArray();
        await using (var cluster = await GrainCluster.StartAsync(directory))
        {
            var trial = cluster.Client.GetGrain<ITrialGrain>("ROSTER-T");
            // Each patient twice, the second while the first may still be in flight: both wait for a stored roster.
            await Task.WhenAll(ids.Concat(ids.Take(50)).Select(id => trial.RegisterPatientAsync(id)));

            var (stored, writes) = await ReadRosterAsync(cluster, "ROSTER-T");
            Assert.Equal(ids.Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
            // One write per enrolment would be 300 (the version counts writes); the test client's calls arrive together.
            Assert.InRange(writes, 1, ids.Length - 1);

            // A patient already stored returns at once and changes nothing.
            await trial.RegisterPatientAsync(ids[0]);
            Assert.Equal(writes, (await ReadRosterAsync(cluster, "ROSTER-T")).Writes);
        }

        // After a restart the roster is whole, and adding to it keeps every earlier patient.
        await using var restarted = await GrainCluster.StartAsync(directory);
        await restarted.Client.GetGrain<ITrialGrain>("ROSTER-T").RegisterPatientAsync("ROSTER-LATE");
        var (after, _) = await ReadRosterAsync(restarted, "ROSTER-T");
        Assert.Equal(ids.Length + 1, after.Count);
        Assert.Contains("ROSTER-LATE", after.Keys);
    }

    private static async Task<(Dictionary<string, DateTimeOffset> Stored, int Writes)> ReadRosterAsync(GrainCluster cluster, string trialId)
    {
        var state = await cluster.StoredRosterAsync(trialId);
        Assert.True(state.RecordExists, "no roster stored");
        return (state.State!.EnrolledAt, int.Parse(state.ETag!, CultureInfo.InvariantCulture));
    }
}
