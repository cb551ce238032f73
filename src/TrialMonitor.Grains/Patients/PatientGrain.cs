using System.Diagnostics;
using Orleans.Runtime;
using Microsoft.Extensions.Logging;
using TrialMonitor.Clinical;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Rules.MissingData;
using TrialMonitor.Clinical.Timeline;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Observations;
using TrialMonitor.Contracts.Patients;
using TrialMonitor.Grains.Telemetry;
using TrialMonitor.Contracts.Safety;
using TrialMonitor.Contracts.Trials;
using TrialMonitor.Grains.Safety;
using TrialMonitor.Persistence;
using TrialMonitor.Safety;
using TrialMonitor.Safety.Records;

namespace TrialMonitor.Grains.Patients;

/// <summary>
/// One patient: checks and logs observations durably, grades them with the clinical engine, and asks the center
/// to raise alerts. Its timeline is re-derived from the observation log on activation; its alert decisions are
/// persisted in batches, and log entries after the last persisted decision are replayed, so a crash between the
/// log write and the state write loses nothing and raises nothing twice (alert keys are deterministic).
/// </summary>
public sealed partial class PatientGrain(
    [PersistentState("patient", GrainStorage.Clinical)] IPersistentState<PatientState> state,
    IObservationLog log,
    ObservationNormaliser normaliser,
    ClinicalRulesOptions rules,
    AlertPolicyOptions alertPolicy,
    SafetyReportOptions safety,
    TimeProvider clock,
    ILogger<PatientGrain> logger) : Grain, IPatientGrain
{
    // Alert decisions are saved at once; observations that changed no alert are saved at most this late. That save
    // only moves the replay point, and activation reads the whole log and decides once however far it replays, so it
    // can be rare: at 30 s, 10,000 patients' saves were 333 commits/s and made the slowest alert pushes four times
    // slower; a save every 500 observations cost PostgreSQL about 0.6 ms each, 120 a second at saturation
    // (bench/README.md).
    private static readonly TimeSpan SaveAfter = TimeSpan.FromMinutes(10);

    // An ingest slower than this is logged with where its time went, so that a slow alert can be explained from the
    // server's log: five times the alert target of 100 ms, and above what a saturated silo's calls take (bench/README).
    private static readonly TimeSpan SlowIngestAfter = TimeSpan.FromMilliseconds(500);

    private PatientTimeline? _timeline;
    private bool _hasUnsavedObservations;
    private IGrainTimer? _saveTimer;

    // Long enough for the trial's safety check to ask every patient about its cut; at 10,000 observations/s the
    // queues hold 1.2 million entries of 16 bytes.
    private static readonly TimeSpan RememberArrivalsFor = TimeSpan.FromMinutes(2);

    private readonly RecentArrivals _arrivals = new(RememberArrivalsFor);

    private string PatientId => this.GetPrimaryKeyString();

    // A patient's center never changes once enrolled; resolving the reference costs an allocation per call.
    private ICenterGrain? _center;

    private ICenterGrain Center => _center ??= GrainFactory.GetGrain<ICenterGrain>(state.State.Enrolment!.CenterId);

    // The kinds an assessment at the newest reading speaks for, without and with missing data (judged at the wall clock).
    private static readonly IReadOnlySet<string> JudgedAtNewestReading =
        AlertKinds.All.Where(k => k != AlertKinds.MissingData).ToHashSet(StringComparer.Ordinal);

    private static readonly IReadOnlySet<string> JudgedWithMissingData = AlertKinds.All.ToHashSet(StringComparer.Ordinal);

    private static readonly IReadOnlySet<string> NothingJudged = new HashSet<string>(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Enrolment is not { } enrolment) return;
        _timeline = NewTimeline(enrolment);
        var logged = await log.ReadPatientAsync(PatientId, cancellationToken);
        var replayed = 0;
        foreach (var row in logged)
        {
            var input = new ObservationInput(row.Id, row.Code, SubmittedValues.ToEngine(SubmittedValues.FromJson(row.ValueJson)), row.Unit, row.EffectiveAt);
            var result = normaliser.Normalise(input, row.ReceivedAt, enrolment.InfusionAt);
            if (result.Observation is null)
            {
                // Accepted once, rejected now: the rules changed since. The row stays in the log for review.
                LogReplayRejected(logger, row.Sequence, result.Rejection?.Field ?? "?");
                continue;
            }

            _timeline.Add(result.Observation);
            _arrivals.AddReplayed(row.ReceivedAt);
            if (row.Sequence > state.State.AppliedThroughSequence) replayed++;
        }

        if (replayed > 0)
        {
            // Alert decisions for these entries were not persisted before the last stop.
            await DecideAlertsAsync(_timeline.Assess());
            state.State.AppliedThroughSequence = logged[^1].Sequence;
            await state.WriteStateAsync(cancellationToken);
            LogReplayed(logger, replayed);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_hasUnsavedObservations) await state.WriteStateAsync(cancellationToken);
    }

    public async Task<EnrolmentResult> EnrolAsync(Enrolment enrolment)
    {
        ArgumentNullException.ThrowIfNull(enrolment);
        if (state.State.Enrolment is { } existing)
        {
            if (existing == enrolment)
            {
                // The resend of an enrolment whose center or roster write failed completes it (both are idempotent).
                await Center.RegisterAsync(existing.TrialId);
                await GrainFactory.GetGrain<ITrialGrain>(existing.TrialId).RegisterPatientAsync(PatientId);
                return new EnrolmentResult(EnrolmentOutcome.Unchanged, null, existing);
            }

            var detail = existing.CenterId != enrolment.CenterId
                ? $"centerId: patient is enrolled at center '{existing.CenterId}', not '{enrolment.CenterId}'"
                : "the patient is already enrolled with different details; enrolment cannot be changed by re-sending it";
            return new EnrolmentResult(EnrolmentOutcome.Conflict, detail, existing);
        }

        state.State.Enrolment = enrolment;
        await state.WriteStateAsync();
        _timeline = NewTimeline(enrolment);
        await Center.RegisterAsync(enrolment.TrialId);
        await GrainFactory.GetGrain<ITrialGrain>(enrolment.TrialId).RegisterPatientAsync(PatientId);
        await PublishSummaryAsync(_timeline.Assess());
        return new EnrolmentResult(EnrolmentOutcome.Enrolled, null);
    }

    public Task<Enrolment?> GetEnrolmentAsync() => Task.FromResult(state.State.Enrolment);

    public async Task<PatientIngestResult> IngestAsync(IReadOnlyList<SubmittedObservation> observations, IReadOnlyList<string>? allowedCenters = null, bool quarantineRejected = true)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (state.State.Enrolment is not { } enrolment || _timeline is null)
            return await RejectAllAsync(observations, $"patientId: patient '{PatientId}' is not enrolled; enrol it with PUT /api/v1/patients/{{patientId}} first", quarantineRejected, IngestMetrics.UnknownCenter);
        if (allowedCenters is not null && !allowedCenters.Contains(enrolment.CenterId, StringComparer.Ordinal))
            return await RejectAllAsync(observations, $"patientId: patient '{PatientId}' is not enrolled at a center this sender may post for", quarantineRejected, enrolment.CenterId);

        var turnStarted = Stopwatch.GetTimestamp();
        var tally = new IngestMetrics.Tally(enrolment.CenterId);

        var duplicates = 0;
        var rejected = new List<RejectedObservation>();
        var quarantine = new List<QuarantinedObservation>();
        var candidates = new List<(SubmittedObservation Submitted, Observation Observation)>(observations.Count);
        var inBatch = new HashSet<string>(observations.Count, StringComparer.Ordinal);
        foreach (var submitted in observations)
        {
            if (_timeline.Contains(submitted.Id) || !inBatch.Add(submitted.Id))
            {
                duplicates++;
                tally.Add(IngestMetrics.Duplicate, submitted.Code);
                continue;
            }

            var input = new ObservationInput(submitted.Id, submitted.Code, SubmittedValues.ToEngine(submitted.Value), submitted.Unit, submitted.EffectiveAt);
            var result = normaliser.Normalise(input, submitted.ReceivedAt, enrolment.InfusionAt);
            if (result.Observation is { } observation)
            {
                candidates.Add((submitted, observation));
                continue;
            }

            var rejection = result.Rejection!;
            var error = $"{rejection.Field}: {rejection.Message}";
            rejected.Add(new RejectedObservation(submitted.Index, submitted.Id, error));
            tally.Add(IngestMetrics.Rejected, submitted.Code);
            quarantine.Add(Quarantined(submitted, enrolment.CenterId, rejection.Field, error));
        }

        // A storage or cluster failure part-way deactivates this grain (Resilience/DeactivateOnInfrastructureFailure),
        // so the resend's alert decision is made afresh from the durable log on the next activation.
        // One call carries one request's observations, which the endpoint stamped with one receipt time.
        var timing = new IngestTiming(turnStarted, observations.Count == 0 ? null : observations[0].ReceivedAt, clock);
        var ingested = await StoreAndDecideAsync(candidates, rejected, quarantine, duplicates, quarantineRejected, tally, timing);
        if (timing.Total + timing.BeforeTurn > SlowIngestAfter)
        {
            LogSlowIngest(logger, enrolment.CenterId, observations.Count, timing.BeforeTurn.TotalMilliseconds, timing.Appended.TotalMilliseconds,
                (timing.Decided - timing.Appended).TotalMilliseconds, (timing.Total - timing.Decided).TotalMilliseconds, timing.Total.TotalMilliseconds);
        }

        return ingested;
    }

    private async Task<PatientIngestResult> StoreAndDecideAsync(
        List<(SubmittedObservation Submitted, Observation Observation)> candidates, List<RejectedObservation> rejected,
        List<QuarantinedObservation> quarantine, int duplicates, bool quarantineRejected, IngestMetrics.Tally tally, IngestTiming timing)
    {
        if (quarantineRejected) await log.QuarantineAsync(quarantine);
        var sequences = await log.AppendAsync(candidates.Select(c => ToLogRow(c.Submitted)).ToArray());
        timing.MarkAppended();
        var accepted = 0;
        var newestSequence = state.State.AppliedThroughSequence;
        DateTimeOffset? acceptedAt = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (sequences[i] is not { } sequence)
            {
                // Logged before under this id, possibly for another patient: the first one stands.
                duplicates++;
                tally.Add(IngestMetrics.Duplicate, candidates[i].Submitted.Code);
                continue;
            }

            _timeline!.Add(candidates[i].Observation);
            _arrivals.Add(candidates[i].Observation, candidates[i].Submitted.ReceivedAt);
            accepted++;
            tally.Add(IngestMetrics.Accepted, candidates[i].Submitted.Code);
            newestSequence = Math.Max(newestSequence, sequence);
            if (acceptedAt is null || candidates[i].Submitted.ReceivedAt < acceptedAt) acceptedAt = candidates[i].Submitted.ReceivedAt;
        }

        tally.Flush();
        if (accepted > 0)
        {
            // One assessment serves the alert decision and the center's summary row.
            var assessment = _timeline!.Assess();
            var alertsChanged = await DecideAlertsAsync(assessment, acceptedAt);
            timing.MarkDecided();
            state.State.AppliedThroughSequence = newestSequence;
            _hasUnsavedObservations = true;
            if (alertsChanged) await SaveAsync();
            else ScheduleSave();
            await PublishSummaryAsync(assessment);
        }

        return new PatientIngestResult(accepted, duplicates, rejected);
    }

    public Task<PatientStatus?> GetStatusAsync()
    {
        if (state.State.Enrolment is not { } enrolment || _timeline is null) return Task.FromResult<PatientStatus?>(null);
        var assessment = _timeline.Assess();
        var open = state.State.Alerts.Values.Select(a => a.Latest).Where(a => a.Status != AlertStatuses.Resolved)
            .OrderByDescending(a => AlertSeverities.Rank(a.Severity)).ThenBy(a => a.RaisedAt).ToArray();
        return Task.FromResult<PatientStatus?>(StatusMapper.ToStatus(PatientId, enrolment, assessment, _timeline.Count, _timeline.NewestEffectiveAt, open));
    }

    public Task<PatientTimelineView?> GetTimelineAsync(DateTimeOffset from, bool withGrades) =>
        Task.FromResult(state.State.Enrolment is { } enrolment && _timeline is not null
            ? TimelineViews.Build(PatientId, enrolment, _timeline, from, withGrades)
            : null);

    public async Task<SafetyRecordData?> GetSafetyRecordAsync(DateTimeOffset asOf, DateTimeOffset? diedAt)
    {
        if (state.State.Enrolment is not { } enrolment || _timeline is null || enrolment.InfusionAt > asOf) return null;
        var cohort = new PatientCohort(enrolment.CenterId, enrolment.Indication, enrolment.Product, enrolment.DoseCohort);
        // The live timeline less what arrived after the cut (Assess looks back by effective time itself); only a cut
        // older than the remembered arrivals needs the log.
        PatientTimeline timeline;
        if (!_arrivals.TryFindReceivedAfter(asOf, out var receivedAfterCut))
            timeline = TimelineAsOf.Build(await log.ReadPatientAsync(PatientId), _timeline.Profile, normaliser, rules, asOf);
        else timeline = receivedAfterCut.Count == 0 ? _timeline : TimelineAsOf.Without(_timeline, receivedAfterCut, asOf);
        return SafetyRecordMapping.ToData(SafetyRecords.FromTimeline(timeline, cohort, asOf, diedAt, safety));
    }

    public async Task OnAlertChangedAsync(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!state.State.Alerts.TryGetValue(alert.Kind, out var current) || current.AlertId != alert.AlertId) return;
        if (alert.Sequence <= current.Latest.Sequence) return;
        current.Latest = alert;
        await state.WriteStateAsync();
    }

    public async Task CheckAsync()
    {
        if (state.State.Enrolment is null || _timeline is null) return;
        var now = clock.GetUtcNow();
        // Judged at the wall clock, not at the newest reading: the point is that readings have stopped coming.
        if (_timeline.NewestEffectiveAt is { } newest && newest > now) return;
        var overdue = AlertPolicy.Evaluate(_timeline.Assess(now), alertPolicy).Where(c => c.Kind == AlertKinds.MissingData).ToArray();
        if (overdue.Length > 0 && await DecideAlertsAsync(overdue, NothingJudged)) await state.WriteStateAsync();

        if (alertPolicy.AutoResolveAfter is not { } after) return;
        var center = Center;
        foreach (var alert in state.State.Alerts.Values.Where(a => a.Latest.Status != AlertStatuses.Resolved && a.ConditionCleared && a.ClearedAt + after <= now).ToArray())
        {
            // The center tells this grain back (one-way) once it has recorded the resolution.
            await center.TransitionAsync(alert.AlertId, AlertStatuses.Resolved, AutoResolver, $"condition cleared for {after} (auto-resolved)", null);
        }
    }

    /// <summary>Who auto-resolutions are recorded as.</summary>
    public const string AutoResolver = "system";

    /// <summary>Asks the center to raise or update alerts for what the assessment now shows. True when anything changed.</summary>
    /// <param name="acceptedAt">When the ingest request that brought the new readings arrived; null for a replay.</param>
    private Task<bool> DecideAlertsAsync(PatientAssessment assessment, DateTimeOffset? acceptedAt = null)
    {
        var conditions = AlertPolicy.Evaluate(assessment, alertPolicy);
        // Judged at the newest reading, every kind but missing data; that one is judged at the wall clock, from the
        // last vital sign the assessment already holds.
        var judged = JudgedAtNewestReading;
        var now = clock.GetUtcNow();
        if (_timeline!.NewestEffectiveAt is not { } newest || newest <= now)
        {
            var missing = MissingDataRules.Assess(_timeline.Profile.InfusionAt, assessment.MissingData.LastVitalSignAt, now, rules.MissingData);
            if (!missing.VitalSignsOverdue) judged = JudgedWithMissingData;
        }

        return DecideAlertsAsync(conditions, judged, acceptedAt);
    }

    /// <param name="judged">Kinds the conditions speak for: one of them without a condition has cleared.</param>
    private async Task<bool> DecideAlertsAsync(IReadOnlyList<AlertCondition> conditions, IReadOnlySet<string> judged, DateTimeOffset? acceptedAt = null)
    {
        var enrolment = state.State.Enrolment!;
        var stateChanged = false;
        var refuted = new List<PatientAlert>();
        foreach (var (kind, alert) in state.State.Alerts)
        {
            if (!alert.ConditionCleared && judged.Contains(kind) && !conditions.Any(c => c.Kind == kind))
            {
                alert.ConditionCleared = true;
                alert.ClearedAt = clock.GetUtcNow();
                stateChanged = true;
                // Held for a confirming reading, and the next one no longer meets the condition: a lone reading.
                if (alert.Latest is { AwaitingConfirmationUntil: not null, Status: AlertStatuses.Open }) refuted.Add(alert);
            }
        }

        foreach (var alert in refuted)
        {
            var result = await Center.TransitionAsync(
                alert.AlertId, AlertStatuses.Resolved, AutoResolver, "not confirmed: a later reading no longer met the condition; nobody was paged", null);
            // Known now rather than when the center's one-way notice arrives, so a returning condition alerts anew.
            if (result.Alert is { } resolved && resolved.Sequence > alert.Latest.Sequence) alert.Latest = resolved;
        }

        var changes = new List<(AlertChange Change, AlertCondition Condition)>();
        var raised = state.State.AlertsRaised;
        foreach (var condition in conditions)
        {
            state.State.Alerts.TryGetValue(condition.Kind, out var current);
            bool isNew;
            if (current is null)
            {
                isNew = true;
            }
            else if (current.Latest.Status == AlertStatuses.Resolved)
            {
                // Someone resolved it while the condition went on: only a worse or a returning condition alerts again.
                if (!current.ConditionCleared && condition.Rank <= current.Rank) continue;
                isNew = true;
            }
            else
            {
                if (condition.Rank <= current.Rank)
                {
                    stateChanged |= current.ConditionCleared;
                    current.ConditionCleared = false;
                    current.ClearedAt = null;
                    // A later reading meeting the condition again confirms an alert held for confirmation.
                    if (current.Latest.AwaitingConfirmationUntil is not null && condition.EffectiveAt > current.Latest.EffectiveAt)
                    {
                        changes.Add((new AlertChange($"{current.AlertId}#confirm", current.AlertId, PatientId, condition.Kind, current.Latest.Grade,
                            current.Latest.Severity, current.Latest.Reason, condition.EffectiveAt, false, Confirms: true, AcceptedAt: acceptedAt), condition with { Rank = current.Rank }));
                    }

                    continue;
                }

                isNew = false;
            }

            var alertId = isNew ? AlertIds.For(enrolment.CenterId, PatientId, condition.Kind, ++raised) : current!.AlertId;
            var key = $"{alertId}#{condition.Rank}";
            changes.Add((new AlertChange(key, alertId, PatientId, condition.Kind, condition.Grade, condition.Severity, condition.Reason, condition.EffectiveAt, isNew, AcceptedAt: acceptedAt), condition));
        }

        if (changes.Count == 0) return stateChanged;
        var recorded = await Center.RecordAsync(enrolment.TrialId, changes.Select(c => c.Change).ToArray());
        state.State.AlertsRaised = raised;
        IReadOnlyList<Alert>? atCenter = null;
        foreach (var (change, condition) in changes)
        {
            // The center returns nothing for a key it has seen (a replay): its current alert is then fetched back, once.
            var latest = recorded.LastOrDefault(a => a.AlertId == change.AlertId)
                ?? (atCenter ??= await Center.GetAlertsAsync(null, 0)).FirstOrDefault(a => a.AlertId == change.AlertId);
            if (latest is null) continue;
            state.State.Alerts[condition.Kind] = new PatientAlert { AlertId = change.AlertId, Rank = condition.Rank, Latest = latest, ConditionCleared = false };
        }

        return true;
    }

    private async Task SaveAsync()
    {
        await state.WriteStateAsync();
        _hasUnsavedObservations = false;
    }

    private void ScheduleSave()
    {
        _saveTimer ??= this.RegisterGrainTimer(async _ =>
        {
            if (_hasUnsavedObservations) await SaveAsync();
        }, new GrainTimerCreationOptions(SaveAfter, SaveAfter) { Interleave = false });
    }

    private Task PublishSummaryAsync(PatientAssessment assessment)
    {
        var enrolment = state.State.Enrolment!;
        return Center
            .UpdatePatientAsync(StatusMapper.ToSummary(PatientId, enrolment, assessment));
    }

    private async Task<PatientIngestResult> RejectAllAsync(IReadOnlyList<SubmittedObservation> observations, string error, bool quarantine, string centerLabel)
    {
        var tally = new IngestMetrics.Tally(centerLabel);
        foreach (var observation in observations) tally.Add(IngestMetrics.Rejected, observation.Code);
        tally.Flush();
        if (quarantine) await log.QuarantineAsync(observations.Select(o => Quarantined(o, null, "patientId", error)).ToArray());
        return new PatientIngestResult(0, 0, observations.Select(o => new RejectedObservation(o.Index, o.Id, error)).ToArray());
    }

    private PatientTimeline NewTimeline(Enrolment enrolment) =>
        new(new PatientProfile(enrolment.InfusionAt, enrolment.AgeYears), rules);

    private LoggedObservation ToLogRow(SubmittedObservation o) =>
        new(o.Id, PatientId, o.Code, SubmittedValues.ToJson(o.Value), o.Unit, o.EffectiveAt!.Value, o.ReceivedAt);

    private QuarantinedObservation Quarantined(SubmittedObservation o, string? centerId, string field, string error) =>
        new(o.Id, PatientId, centerId,
            $"{{\"code\":{System.Text.Json.JsonSerializer.Serialize(o.Code)},\"value\":{SubmittedValues.ToJson(o.Value)},\"unit\":{System.Text.Json.JsonSerializer.Serialize(o.Unit)},\"effectiveAt\":{System.Text.Json.JsonSerializer.Serialize(o.EffectiveAt)}}}",
            field, error, o.ReceivedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Observation log entry {Sequence} was accepted before but is rejected on replay (field {Field}); it is kept in the log and not graded")]
    private static partial void LogReplayRejected(ILogger logger, long sequence, string field);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slow ingest at center {CenterId}: {Observations} observations; received {BeforeTurnMs:F0} ms before the patient's turn, then logged in {AppendMs:F0} ms, alerts decided in {DecideMs:F0} ms, state saved and summary published in {RestMs:F0} ms ({TotalMs:F0} ms in the turn)")]
    private static partial void LogSlowIngest(ILogger logger, string centerId, int observations, double beforeTurnMs, double appendMs, double decideMs, double restMs, double totalMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Count} observation log entries whose alert decisions had not been persisted")]
    private static partial void LogReplayed(ILogger logger, int count);
}
