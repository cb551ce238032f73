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
    }

    private static long SettledHeapBytes()
    {
        for (var i = 0; i < 3; i++) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
