using BenchmarkDotNet.Attributes;
using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.Clinical.Bench;

/// <summary>
/// Adding one observation to a patient who already has <see cref="Days"/> days of hourly vitals and daily labs
/// (issue 2 target: ≤ 5 µs median, no allocation that grows with history). Each iteration starts from a fresh
/// copy of the history and adds <see cref="OperationsPerIteration"/> distinct observations, one per invocation.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[InvocationCount(OperationsPerIteration)]
public class AddObservationBenchmarks
{
    private const int OperationsPerIteration = 480;

    private List<Observation> _history = [];
    private Observation[] _nextVitals = [];
    private Observation[] _lateWithinDay = [];
    private Observation[] _lateByThreeDays = [];
    private PatientTimeline _timeline = null!;
    private int _next;

    [Params(7, 28)]
    public int Days { get; set; }

    [GlobalSetup]
    public void BuildHistory()
    {
        _history = PatientHistory.Days(Days);
        var newest = _history[^1].EffectiveAt;
        var following = PatientHistory.Days(Days + 4).Skip(_history.Count).Where(o => o.Id.StartsWith("vital-", StringComparison.Ordinal));
        _nextVitals = following.Take(OperationsPerIteration).ToArray();
        // A nurse's neurological check entered late, spread over the hours before the newest reading.
        _lateWithinDay = Late(newest, 1, "late-day");
        _lateByThreeDays = Late(newest, 72, "late-3d");
        if (_nextVitals.Length < OperationsPerIteration) throw new InvalidOperationException("not enough following vitals");
    }

    private static Observation[] Late(DateTimeOffset newest, int hoursBack, string prefix) =>
        Enumerable.Range(0, OperationsPerIteration)
            .Select(i => PatientHistory.Accept($"{prefix}-{i}", "tm:ice-score", 10, "{score}", newest.AddHours(-hoursBack - (i % 24))))
            .ToArray();

    [IterationSetup]
    public void FreshTimeline()
    {
        _timeline = new PatientTimeline(new PatientProfile(PatientHistory.InfusionAt, 45));
        foreach (var observation in _history) _timeline.Add(observation);
        _next = 0;
    }

    /// <summary>The common case: the monitor's next reading, six vital signs sharing each new time.</summary>
    [Benchmark(Baseline = true)]
    public AddOutcome AddNextVitalSign() => _timeline.Add(_nextVitals[_next++]);

    /// <summary>A late entry from up to a day earlier: replays from the checkpoint before it.</summary>
    [Benchmark]
    public AddOutcome AddLateWithinADay() => _timeline.Add(_lateWithinDay[_next++]);

    /// <summary>A late entry from three to four days earlier: costs more because more instants follow it, not because history is longer.</summary>
    [Benchmark]
    public AddOutcome AddLateByThreeDays() => _timeline.Add(_lateByThreeDays[_next++]);

    /// <summary>The full assessment at the newest reading, as the grain reads it after each batch.</summary>
    [Benchmark]
    public PatientAssessment AssessNow() => _timeline.Assess();
}
