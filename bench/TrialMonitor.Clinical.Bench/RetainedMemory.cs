using System.Globalization;
using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.Clinical.Bench;

/// <summary>
/// What a patient's timeline keeps alive per observation, measured on the managed heap after full blocking
/// collections: the accepted observations themselves (with their id strings), then what the timeline adds on top of
/// them (instants, the id index, checkpoints). A patient grain holds one timeline for weeks, so these bytes, times
/// the observations a silo's active patients hold, are most of its memory.
/// </summary>
public static class RetainedMemory
{
    public static void Run(int patients, int days)
    {
        var baseline = SettledHeapBytes();
        var histories = new List<List<Observation>>(patients);
        for (var p = 0; p < patients; p++) histories.Add(PatientHistory.Days(days));
        var observations = histories.Sum(h => h.Count);
        var withObservations = SettledHeapBytes();

        var profile = new PatientProfile(PatientHistory.InfusionAt, 40);
        var timelines = new List<PatientTimeline>(patients);
        foreach (var history in histories)
        {
            var timeline = new PatientTimeline(profile);
            foreach (var observation in history) timeline.Add(observation);
            timelines.Add(timeline);
        }

        var withTimelines = SettledHeapBytes();
        GC.KeepAlive(timelines);
        GC.KeepAlive(histories);

        // The histories' lists stand in for nothing a grain keeps: take their backing arrays off the observations' share.
        var listBytes = (long)histories.Sum(h => h.Capacity) * IntPtr.Size;
        var perObservation = (withObservations - baseline - listBytes) / (double)observations;
        var timelinePerObservation = (withTimelines - withObservations) / (double)observations;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"retained: {patients:N0} patients x {days} days = {observations:N0} observations; observation with its id {perObservation:F1} B, timeline on top {timelinePerObservation:F1} B, together {perObservation + timelinePerObservation:F1} B per observation ({(withTimelines - baseline - listBytes) / 1048576.0:N0} MiB)"));
        TimeDuplicateChecks(timelines, histories);
    }

    /// <summary>
    /// The duplicate check every submitted observation gets, against all these timelines at once, patients visited in
    /// a shuffled order as a silo's requests visit them: with a heap this size little of a timeline is still cached.
    /// </summary>
    private static void TimeDuplicateChecks(List<PatientTimeline> timelines, List<List<Observation>> histories)
    {
        const int rounds = 200;
        var random = new Random(7);
        var order = Enumerable.Range(0, timelines.Count).ToArray();
        var freshIds = Enumerable.Range(0, rounds).Select(r => $"mon-{r:D6}-not-yet-held-0000").ToArray();
        var heldIds = histories.Select(h => Enumerable.Range(0, rounds).Select(_ => h[random.Next(h.Count)].Id).ToArray()).ToArray();
        double fresh = 0, held = 0;
        var found = 0;
        for (var r = 0; r < rounds; r++)
        {
            random.Shuffle(order);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            foreach (var p in order) found += timelines[p].Contains(freshIds[r]) ? 1 : 0;
            fresh += System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalNanoseconds;
            random.Shuffle(order);
            started = System.Diagnostics.Stopwatch.GetTimestamp();
            foreach (var p in order) found += timelines[p].Contains(heldIds[p][r]) ? 1 : 0;
            held += System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalNanoseconds;
        }

        if (found != rounds * timelines.Count) throw new InvalidOperationException($"the duplicate check found {found} of {rounds * timelines.Count} held ids and no fresh ones expected");
        var checks = (double)rounds * timelines.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"duplicate check across the held timelines, patients in shuffled order: {fresh / checks:F0} ns for a new id, {held / checks:F0} ns for a held one ({checks:N0} of each)"));
    }

    private static long SettledHeapBytes()
    {
        for (var i = 0; i < 3; i++) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
