using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Patients;
using TrialMonitor.Contracts.Push;
using TrialMonitor.Contracts.Sae;
using TrialMonitor.Contracts.Safety;
using TrialMonitor.Contracts.Trials;
using TrialMonitor.Clinical.Sae;
using TrialMonitor.Grains.Safety;
using TrialMonitor.Safety;
using TrialMonitor.Safety.Report;

namespace TrialMonitor.Grains.Trials;

/// <summary>
/// One trial across its centers: de-identified per-center counts for sponsors; the roster of its patients; the safety
/// report's records per data cut (gathered from the patients, settled cuts cached); the live stopping rules and the
/// <c>safety-signal</c> alerts they raise.
/// </summary>
public sealed partial class TrialGrain(
    [PersistentState("trial", GrainStorage.Clinical)] IPersistentState<TrialState> state,
    [PersistentState("trial-patients", GrainStorage.Clinical)] IPersistentState<TrialPatientsState> roster,
    [PersistentState("trial-safety", GrainStorage.Clinical)] IPersistentState<TrialSafetyState> safety,
    SafetyReportOptions reportOptions,
    SafetySignalOptions signalOptions,
    ILogger<TrialGrain> logger,
    TimeProvider clock) : Grain, ITrialGrain
{
    // Settled cuts kept in memory; a board asks for a handful of cuts at a time.
    private const int CachedCuts = 8;

    // Patients asked for their records at once when gathering a cut.
    private const int GatherSlice = 64;

    private readonly Dictionary<DateTimeOffset, SafetySnapshot> _snapshots = [];
    private readonly Queue<DateTimeOffset> _cachedOrder = new();
    private bool _checking;

    // The roster as enrolments add to it; roster.State is the copy last written (or being written).
    private Dictionary<string, DateTimeOffset>? _enrolled;
    private bool _rosterUnsaved;
    private Task _rosterWriting = Task.CompletedTask;
    private Task? _rosterQueued;
    private Task<IReadOnlyList<SafetySignal>> _evaluation = Task.FromResult<IReadOnlyList<SafetySignal>>([]);

    private string TrialId => this.GetPrimaryKeyString();

    public async Task RegisterCenterAsync(string centerId)
    {
        if (state.State.Centers.ContainsKey(centerId)) return;
        state.State.Centers[centerId] = Empty(centerId);
        await state.WriteStateAsync();
    }

    public async Task UpdateCenterAsync(CenterSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        // Only counts cross into the trial: the center's patient rows stay behind.
        state.State.Centers[summary.CenterId] = new CenterCounts(
            summary.CenterId,
            summary.PatientsEnrolled,
            summary.PatientsInRiskWindow,
            summary.OpenAlertsBySeverity,
            summary.Patients.GroupBy(p => p.CrsMaxGrade).ToDictionary(g => g.Key, g => g.Count()),
            summary.Patients.GroupBy(p => p.IcansMaxGrade).ToDictionary(g => g.Key, g => g.Count()));
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IPushRegistryGrain>(0).PublishTrialSummaryAsync(Summarise());
    }

    public Task<TrialSummary> GetSummaryAsync() => Task.FromResult(Summarise());

    // Interleaved (ITrialGrain): enrolments that arrive while the roster is being written join the next write, so a
    // burst of enrolments costs a few writes rather than one each of a roster that grows with the trial.
    public Task RegisterPatientAsync(string patientId)
    {
        var enrolled = _enrolled ??= new Dictionary<string, DateTimeOffset>(roster.State.EnrolledAt, StringComparer.Ordinal);
        if (enrolled.TryAdd(patientId, clock.GetUtcNow())) _rosterUnsaved = true;
        // Known and stored, or carried by the write in flight: that write is the answer.
        else if (!_rosterUnsaved && _rosterQueued is null) return _rosterWriting;
        return _rosterQueued ??= WriteRosterAfterAsync(_rosterWriting);
    }

    private async Task WriteRosterAfterAsync(Task previous)
    {
        // Returns to the caller first, so that this task is the queued write before it starts.
        await Task.Yield();
        try
        {
            await previous;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Its callers were told; this write carries their patients again.
        }

        _rosterWriting = _rosterQueued!;
        _rosterQueued = null;
        _rosterUnsaved = false;
        // A new state object per write: the storage provider may serialise it off this grain's turn, and the working
        // roster keeps changing meanwhile.
        roster.State = new TrialPatientsState { EnrolledAt = new Dictionary<string, DateTimeOffset>(_enrolled!, StringComparer.Ordinal) };
        try
        {
            await roster.WriteStateAsync();
        }
        catch
        {
            _rosterUnsaved = true;
            throw;
        }
    }

    // Interleaved (ITrialGrain): a patient enrolling or a center's census must not wait behind a report's fan-out. Reads the roster and the cache only.
    public async Task<SafetySnapshot> GetSafetySnapshotAsync(DateTimeOffset asOf)
    {
        if (_snapshots.TryGetValue(asOf, out var cached)) return cached;
        var snapshot = await GatherAsync(asOf);
        if (asOf > clock.GetUtcNow() - signalOptions.SettledAfter)
        {
            // The live report: its stopping rules are the live ones, judged now rather than at the next periodic check.
            await Chain(snapshot);
        }
        else if (!_snapshots.ContainsKey(asOf))
        {
            _snapshots[asOf] = snapshot;
            _cachedOrder.Enqueue(asOf);
            if (_cachedOrder.Count > CachedCuts) _snapshots.Remove(_cachedOrder.Dequeue());
        }

        return snapshot;
    }

    public async Task CheckSafetyAsync()
    {
        // Every center's per-minute check calls this: one evaluation runs, the others return.
        if (_checking || (safety.State.LastEvaluatedAt is { } last && clock.GetUtcNow() - last < signalOptions.CheckEvery)) return;
        _checking = true;
        try
        {
            await EvaluateSafetyAsync();
        }
        finally
        {
            _checking = false;
        }
    }

    public Task<IReadOnlyList<SafetySignal>> EvaluateSafetyAsync() => Chain(null);

    private Task<IReadOnlyList<SafetySignal>> Chain(SafetySnapshot? snapshot)
    {
        // One evaluation at a time, chained: two concurrent ones would both see a fresh crossing and raise it twice.
        var next = EvaluateAfterAsync(_evaluation, snapshot);
        _evaluation = next;
        return next;
    }

    private async Task<IReadOnlyList<SafetySignal>> EvaluateAfterAsync(Task previous, SafetySnapshot? snapshot)
    {
        try
        {
            await previous;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The previous evaluation's caller saw its failure; this one starts afresh.
        }

        {
            var now = clock.GetUtcNow();
            var started = Stopwatch.GetTimestamp();
            snapshot ??= await GatherAsync(now);
            var gathered = Stopwatch.GetElapsedTime(started);
            var report = SafetyReportBuilder.Build(TrialId, snapshot.AsOf, snapshot.Records.Select(SafetyRecordMapping.FromData), reportOptions);
            var built = Stopwatch.GetElapsedTime(started) - gathered;
            LogEvaluated(logger, TrialId, snapshot.Records.Count, gathered.TotalMilliseconds, built.TotalMilliseconds);
            var raised = SafetySignals.Evaluate(report, safety.State, signalOptions, now);
            safety.State.LastEvaluatedAt = now;
            await safety.WriteStateAsync();
            foreach (var signal in raised)
            {
                LogSignal(logger, signal.TrialId, signal.Endpoint, signal.Reason, string.Join(", ", signal.NotifiedRoles));
                await GrainFactory.GetGrain<IPushRegistryGrain>(0).PublishSafetySignalAsync(signal);
            }

            return raised;
        }
    }

    public Task<IReadOnlyList<SafetySignal>> GetSafetySignalsAsync() => Task.FromResult<IReadOnlyList<SafetySignal>>([.. safety.State.Signals]);

    /// <summary>Every patient enrolled by the cut, with the deaths reported by then, asked in parallel for their records.</summary>
    private async Task<SafetySnapshot> GatherAsync(DateTimeOffset asOf)
    {
        var patientIds = new HashSet<string>(roster.State.EnrolledAt.Where(p => p.Value <= asOf).Select(p => p.Key), StringComparer.Ordinal);
        var deaths = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var centerId in state.State.Centers.Keys.ToArray())
        {
            // Patients enrolled before the roster existed are known from their center's rows.
            var summary = await GrainFactory.GetGrain<ICenterGrain>(centerId).GetSummaryAsync();
            foreach (var row in summary.Patients)
            {
                if (!roster.State.EnrolledAt.ContainsKey(row.PatientId)) patientIds.Add(row.PatientId);
            }

            foreach (var draft in await GrainFactory.GetGrain<ISaeGrain>(centerId).GetDraftsAsync())
            {
                if (draft.Trigger == SaeTriggers.Death && draft.TrialId == TrialId && draft.AwarenessAt <= asOf && draft.DiedAt is { } died && died <= asOf)
                    deaths[draft.PatientId] = died;
            }
        }

        // A slice at a time: thousands of requests at once would queue ahead of ingest in the thread pool, and a
        // periodic safety check must not delay an alert.
        var records = new List<SafetyRecordData>(patientIds.Count);
        foreach (var slice in patientIds.Chunk(GatherSlice))
        {
            var answers = await Task.WhenAll(slice.Select(id =>
                GrainFactory.Patient(id).GetSafetyRecordAsync(asOf, deaths.TryGetValue(id, out var died) ? died : null)));
            records.AddRange(answers.OfType<SafetyRecordData>());
        }

        return new SafetySnapshot(TrialId, asOf, [.. records]);
    }

    private TrialSummary Summarise() => new(
        TrialId, clock.GetUtcNow(), state.State.Centers.Values.OrderBy(c => c.CenterId, StringComparer.Ordinal).ToArray());

    private static CenterCounts Empty(string centerId) => new(
        centerId, 0, 0, new Dictionary<string, int>(), new Dictionary<int, int>(), new Dictionary<int, int>());

    [LoggerMessage(Level = LogLevel.Information, Message = "Safety rules of trial {TrialId} evaluated on {Records} patient records: gathered in {GatherMs:F0} ms, report built in {BuildMs:F0} ms")]
    private static partial void LogEvaluated(ILogger logger, string trialId, int records, double gatherMs, double buildMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SAFETY SIGNAL trial {TrialId} {Endpoint}: {Reason} -> {Roles}")]
    private static partial void LogSignal(ILogger logger, string trialId, string endpoint, string reason, string roles);
}
