using Orleans.Runtime;
using TrialMonitor.Clinical;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Clinical.Rules.MissingData;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Patients;
using TrialMonitor.Contracts.Push;
using TrialMonitor.Contracts.Notifications;
using TrialMonitor.Contracts.Sae;
using TrialMonitor.Contracts.Trials;
using TrialMonitor.Contracts.Webhooks;
using TrialMonitor.Grains.Notifications;
using TrialMonitor.Grains.Telemetry;
using TrialMonitor.Persistence;

namespace TrialMonitor.Grains.Centers;

/// <summary>
/// One hospital: numbers its alert events without gaps, keeps them durably for replay (appended to the alert event
/// log, one row per event), publishes them to every server process, and keeps a census and the current grades of its
/// patients.
/// </summary>
public sealed class CenterGrain(
    [PersistentState("center", GrainStorage.Clinical)] IPersistentState<CenterState> state,
    [PersistentState("center-patients", GrainStorage.Clinical)] IPersistentState<CenterPatientsState> patients,
    [PersistentState("center-on-call", GrainStorage.Clinical)] IPersistentState<CenterOnCallState> onCall,
    IAlertEventLog eventLog,
    ClinicalRulesOptions rules,
    AlertRoutingOptions routing,
    AlertNotifier notifier,
    TimeProvider clock) : Grain, ICenterGrain
{
    // The census on the hub is refreshed at most this often; patient updates arrive with every batch.
    private static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(2);

    // The patient rows are a cache the patients refresh with every batch: saved now and then, not every summary.
    private static readonly TimeSpan SavePatientsEvery = TimeSpan.FromSeconds(30);

    // A channel that refused pages is asked again this soon (and at every check).
    private static readonly TimeSpan RetryPagesAfter = TimeSpan.FromSeconds(30);

    private DateTimeOffset _patientsSavedAt;

    // The patient rows as they are now. The stored state is a copy taken at each save: the census timer interleaves
    // with the patients' updates, and the storage provider serialises off the grain's turn, so it must never be given
    // a dictionary that is still changing.
    private Dictionary<string, PatientSummary> _patients = new(StringComparer.Ordinal);

    private readonly Dictionary<string, Alert> _current = new(StringComparer.Ordinal);

    // Every event of the center in sequence order (sequence n at index n-1), as the log holds them, and the keys of
    // the alert changes recorded, so that a resent change is recorded once.
    private readonly List<Alert> _events = [];
    private readonly HashSet<string> _recordedKeys = new(StringComparer.Ordinal);

    // Events given a sequence in this turn and not yet in the log.
    private readonly List<AlertEventRecord> _unlogged = [];

    // Alerts with something due (end of a confirmation wait, an escalation), and the one timer set for the earliest.
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);
    private IGrainTimer? _dueTimer;
    private long _notifiedThroughSaved;
    private bool _summaryDirty;
    private bool _patientsUnsaved;

    private string CenterId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _patients = new Dictionary<string, PatientSummary>(patients.State.Patients, StringComparer.Ordinal);
        foreach (var record in await eventLog.ReadAsync(CenterId, 0, cancellationToken))
        {
            var alert = AlertEventJson.FromRecord(CenterId, record);
            if (alert.Sequence != _events.Count + 1)
                throw new InvalidDataException($"alert_event_log: center '{CenterId}' has sequence {alert.Sequence} after {_events.Count}");
            Restore(alert);
            if (record.ChangeKey is { } key) _recordedKeys.Add(key);
        }

        await MoveEventsOutOfStateAsync(cancellationToken);
        _recordedKeys.UnionWith(state.State.RecordedKeys);
        _notifiedThroughSaved = state.State.NotifiedThroughSequence;
        // Interleaved: recording an alert must not wait behind a census push. Safe because the timer writes only the
        // patient rows, which nothing else writes.
        this.RegisterGrainTimer(PublishSummaryIfChangedAsync, new GrainTimerCreationOptions(SummaryInterval, SummaryInterval) { Interleave = true });
        // Escalations and confirmation waits survive a restart or a silo failure: they are in the persisted alert
        // events, and the first call after activation (the per-server check loop at the latest) re-arms the timer.
        ScheduleDue();
    }

    /// <summary>
    /// A state written before the alert event log holds the events itself: they go to the log (those a crash in an
    /// earlier move left out), then leave the state. Their change keys stay in the state, no longer added to.
    /// </summary>
    private async Task MoveEventsOutOfStateAsync(CancellationToken cancellationToken)
    {
        var old = state.State.Events;
        if (old.Count == 0) return;
        var missing = old.Where(e => e.Sequence > _events.Count).OrderBy(e => e.Sequence).ToArray();
        if (missing.Length > 0)
        {
            await eventLog.AppendAsync(CenterId, missing.Select(e => AlertEventJson.ToRecord(e, null)).ToArray(), cancellationToken);
            foreach (var alert in missing) Restore(alert);
        }

        state.State.Events = [];
        await state.WriteStateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        CenterGauges.Withdraw(CenterId);
        if (_patientsUnsaved) await SavePatientsAsync(cancellationToken);
        // A graceful stop keeps how far pages went, so that the next activation does not page again.
        await SaveNotifiedThroughAsync(cancellationToken);
    }

    public async Task RegisterAsync(string trialId)
    {
        if (state.State.TrialId == trialId) return;
        state.State.TrialId ??= trialId;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITrialGrain>(trialId).RegisterCenterAsync(CenterId);
        await GrainFactory.GetGrain<IRegistryGrain>(0).RegisterCenterAsync(CenterId);
    }

    public async Task CheckAsync()
    {
        await GrainFactory.GetGrain<ISaeGrain>(CenterId).CheckAsync();
        // The trial's live stopping rules ride on this loop (one-way; the trial throttles to its own interval).
        if (state.State.TrialId is { } trialId) await GrainFactory.GetGrain<ITrialGrain>(trialId).CheckSafetyAsync();
        // Resumes webhook retries after a restart or on a surviving silo (the webhook grain holds its queue durably).
        await GrainFactory.GetGrain<IWebhookGrain>(CenterId).CheckAsync();
        await ActOnDueAsync();
        await DeliverPagesAsync();
        var now = clock.GetUtcNow();
        var due = _patients.Values.Where(p =>
            MissingDataRules.Assess(p.InfusionAt, p.LastVitalSignAt, now, rules.MissingData).VitalSignsOverdue);
        var withAlerts = _current.Values.Where(a => a.Status != AlertStatuses.Resolved && a.Kind != AlertKinds.SaeOverdue).Select(a => a.PatientId);
        foreach (var patientId in due.Select(p => p.PatientId).Concat(withAlerts).Distinct(StringComparer.Ordinal))
            await GrainFactory.Patient(patientId).CheckAsync();
    }

    public async Task<IReadOnlyList<Alert>> RecordAsync(string trialId, IReadOnlyList<AlertChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var now = clock.GetUtcNow();
        var recorded = new List<Alert>(changes.Count);
        foreach (var change in changes)
        {
            if (!_recordedKeys.Add(change.Key)) continue;
            _current.TryGetValue(change.AlertId, out var current);
            Alert alert;
            if (change.Confirms)
            {
                // A later reading still meets the condition: the alert held for confirmation pages now.
                if (current is not { AwaitingConfirmationUntil: not null } || current.Status == AlertStatuses.Resolved) continue;
                alert = AlertPaging.Page(current with
                {
                    Event = AlertEvents.Confirmed, EventAt = now, By = null, Note = "confirmed by a later reading", EffectiveAt = change.EffectiveAt,
                    AcceptedAt = change.AcceptedAt,
                }, 0, now, routing);
            }
            else if (change.IsNewAlert || current is null)
            {
                alert = AlertPaging.Raise(new Alert
                {
                    AlertId = change.AlertId, TrialId = trialId, CenterId = CenterId, PatientId = change.PatientId,
                    Kind = change.Kind, Grade = change.Grade, Severity = change.Severity, Status = AlertStatuses.Open,
                    RaisedAt = now, Reason = change.Reason, Event = AlertEvents.Raised, EventAt = now, EffectiveAt = change.EffectiveAt,
                    AcceptedAt = change.AcceptedAt,
                }, now, routing);
                AlertMetrics.Raised(alert.Kind, alert.Severity, CenterId);
            }
            else
            {
                // A higher grade re-opens the alert and notifies again (rules.md 10.3), from the first level of the
                // chain its new grade routes to; it needs no confirmation, being a second abnormal reading itself.
                alert = AlertPaging.Page(current with
                {
                    Grade = change.Grade, Severity = change.Severity, Reason = change.Reason, Status = AlertStatuses.Open,
                    Event = AlertEvents.Updated, EventAt = now, EffectiveAt = change.EffectiveAt, By = null, Note = null,
                    AcceptedAt = change.AcceptedAt,
                }, 0, now, routing);
            }

            recorded.Add(Append(alert, change.Key));
        }

        if (recorded.Count == 0) return recorded;
        await LogAppendedAsync();
        await PublishAsync(recorded, tellPatients: false);
        return recorded;
    }

    public Task<IReadOnlyList<Alert>> GetEventsAfterAsync(long afterSequence)
    {
        // Sequences are 1..n at indexes 0..n-1.
        var from = (int)Math.Clamp(afterSequence, 0, _events.Count);
        return Task.FromResult<IReadOnlyList<Alert>>(_events.GetRange(from, _events.Count - from));
    }

    public Task<IReadOnlyList<Alert>> GetAlertsAsync(string? status, long afterSequence) =>
        Task.FromResult<IReadOnlyList<Alert>>(_current.Values
            .Where(a => (status is null || a.Status == status) && a.Sequence > afterSequence)
            .OrderBy(a => a.Sequence).ToArray());

    public async Task<AlertTransitionResult> TransitionAsync(string alertId, string toStatus, string by, string? note, bool? actionable)
    {
        if (!_current.TryGetValue(alertId, out var current)) return new AlertTransitionResult(false, false, null, $"alertId: no alert '{alertId}' at center '{CenterId}'");
        var now = clock.GetUtcNow();
        var allowed = (current.Status, toStatus) switch
        {
            (AlertStatuses.Open, AlertStatuses.Acknowledged) => true,
            (AlertStatuses.Open or AlertStatuses.Acknowledged, AlertStatuses.Resolved) => true,
            _ => false,
        };
        if (!allowed)
        {
            // Refused attempts are kept too: the second of two clinicians acknowledging at once is on record.
            var detail = $"the alert is {current.Status}; it cannot become {toStatus}";
            state.State.Attempts.Add(new AlertAttempt(alertId, by, now, current.Status, toStatus, false, null, detail));
            await state.WriteStateAsync();
            return new AlertTransitionResult(true, false, current, detail, current);
        }

        // Whoever acknowledges or resolves has seen it: no further escalation, no confirmation wait.
        var alert = Append(current with
        {
            Status = toStatus, Event = toStatus == AlertStatuses.Resolved ? AlertEvents.Resolved : AlertEvents.Acknowledged,
            EventAt = now, By = by, Note = note, NotifiedRoles = [], EscalatesAt = null, AwaitingConfirmationUntil = null,
            Actionable = toStatus == AlertStatuses.Resolved ? actionable : null, AcceptedAt = null,
        }, changeKey: null);
        // The event first: should the attempt's write fail, the transition has happened and a retry is refused as
        // already done, rather than an attempt on record for an event that is not.
        await LogAppendedAsync();
        state.State.Attempts.Add(new AlertAttempt(alertId, by, now, current.Status, toStatus, true, alert.Sequence, null));
        await state.WriteStateAsync();
        if (toStatus == AlertStatuses.Acknowledged && FirstPagedAt(alertId) is { } pagedAt) AlertMetrics.Acknowledged(alert.Kind, alert.Severity, CenterId, now - pagedAt);
        if (toStatus == AlertStatuses.Resolved) AlertMetrics.Resolved(alert.Kind, CenterId, actionable);
        await PublishAsync([alert], tellPatients: true);
        return new AlertTransitionResult(true, true, alert, null, current);
    }

    public async Task SetOnCallAsync(IReadOnlyList<OnCallShift> shifts)
    {
        ArgumentNullException.ThrowIfNull(shifts);
        if (OnCallRoster.Problem(shifts, AlertRoles.IsKnown) is { } problem) throw new ArgumentException(problem, nameof(shifts));
        onCall.State.Shifts = [.. shifts.OrderBy(s => s.From).ThenBy(s => s.Role, StringComparer.Ordinal)];
        await onCall.WriteStateAsync();
    }

    public Task<IReadOnlyList<OnCallShift>> GetOnCallAsync() => Task.FromResult<IReadOnlyList<OnCallShift>>(onCall.State.Shifts.ToArray());

    /// <summary>An event already stored, back in memory at activation.</summary>
    private void Restore(Alert alert)
    {
        _events.Add(alert);
        Put(alert);
    }

    /// <summary>Gives the event the next sequence and makes it the alert's current state; <see cref="LogAppendedAsync"/> makes it durable.</summary>
    private Alert Append(Alert alert, string? changeKey)
    {
        alert = alert with { Sequence = _events.Count + 1 };
        _events.Add(alert);
        _unlogged.Add(AlertEventJson.ToRecord(alert, changeKey));
        Put(alert);
        return alert;
    }

    /// <summary>
    /// Appends this turn's events to the log in one transaction. If that fails the activation ends, so that memory
    /// holding events the log has not goes with it, and the next call starts from the log.
    /// </summary>
    private async Task LogAppendedAsync()
    {
        var records = _unlogged.ToArray();
        _unlogged.Clear();
        try
        {
            await eventLog.AppendAsync(CenterId, records);
        }
        catch
        {
            // Calls are also judged by DeactivateOnInfrastructureFailure; timers (escalations) pass through no filter.
            this.DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Saves how far pages went, once the events are out; only when it moved.</summary>
    private async Task SaveNotifiedThroughAsync(CancellationToken cancellationToken = default)
    {
        if (state.State.NotifiedThroughSequence == _notifiedThroughSaved) return;
        await state.WriteStateAsync(cancellationToken);
        _notifiedThroughSaved = state.State.NotifiedThroughSequence;
    }

    private void Put(Alert alert)
    {
        _current[alert.AlertId] = alert;
        if (AlertPaging.NextDue(alert) is { } due) _due[alert.AlertId] = due;
        else _due.Remove(alert.AlertId);
    }

    /// <summary>After a durable write: pushes the events, tells patients of transitions, and hands the pages to the channels.</summary>
    private async Task PublishAsync(IReadOnlyList<Alert> events, bool tellPatients)
    {
        _summaryDirty = true;
        await GrainFactory.GetGrain<IPushRegistryGrain>(0).PublishAlertsAsync(events);
        // One-way: an SAE draft opens for grade ≥ 3 CRS/ICANS, IEC-HS, grade 4 ICAHT (rules.md 10.3 "regulatory").
        await GrainFactory.GetGrain<ISaeGrain>(CenterId).OnAlertsAsync(events);
        if (tellPatients)
        {
            foreach (var alert in events) await GrainFactory.Patient(alert.PatientId).OnAlertChangedAsync(alert);
        }

        ScheduleDue();
        await DeliverPagesAsync();
        await SaveNotifiedThroughAsync();
    }

    /// <summary>Confirms alerts whose wait ran out and escalates those nobody acknowledged in time. Idempotent.</summary>
    private async Task ActOnDueAsync()
    {
        var now = clock.GetUtcNow();
        var events = new List<Alert>();
        foreach (var alertId in _due.Where(d => d.Value <= now).Select(d => d.Key).ToArray())
        {
            var alert = _current[alertId];
            if (alert.AwaitingConfirmationUntil is not null)
            {
                // Fail-safe: no later reading confirmed it, but none refuted it either; silence is not reassurance.
                events.Add(Append(AlertPaging.Page(alert with
                {
                    Event = AlertEvents.Confirmed, EventAt = now, By = null, AcceptedAt = null,
                    Note = "no later reading confirmed or refuted it in time: paged as a precaution",
                }, 0, now, routing), changeKey: null));
            }
            else if (alert.Status == AlertStatuses.Open && alert.EscalatesAt is not null)
            {
                var escalated = Append(AlertPaging.Page(alert with
                {
                    Event = AlertEvents.Escalated, EventAt = now, By = null, AcceptedAt = null,
                    Note = $"not acknowledged {(now - alert.EventAt).TotalMinutes:0.#} min after the page: escalated",
                }, alert.EscalationLevel + 1, now, routing), changeKey: null);
                AlertMetrics.Escalated(escalated.Kind, escalated.Severity, CenterId, escalated.EscalationLevel);
                events.Add(escalated);
            }
        }

        if (events.Count == 0) return;
        await LogAppendedAsync();
        await PublishAsync(events, tellPatients: true);
    }

    /// <summary>Pages of events not yet taken by every channel, in sequence order; kept for the next try if a channel fails.</summary>
    private async Task DeliverPagesAsync()
    {
        var from = (int)Math.Clamp(state.State.NotifiedThroughSequence, 0, _events.Count);
        if (from == _events.Count) return;
        var now = clock.GetUtcNow();
        var pages = new List<AlertNotification>();
        for (var i = from; i < _events.Count; i++)
        {
            var alert = _events[i];
            if (alert.NotifiedRoles.Count == 0) continue;
            pages.Add(new AlertNotification(AlertNotification.IdFor(alert), alert, alert.EscalationLevel, OnCallRoster.Resolve(onCall.State.Shifts, alert.NotifiedRoles, now)));
        }

        if (await notifier.DeliverAsync(pages)) state.State.NotifiedThroughSequence = _events.Count;
    }

    private void ScheduleDue()
    {
        _dueTimer?.Dispose();
        _dueTimer = null;
        var undelivered = state.State.NotifiedThroughSequence < _events.Count;
        if (_due.Count == 0 && !undelivered) return;
        var now = clock.GetUtcNow();
        var next = _due.Count == 0 ? now + RetryPagesAfter : _due.Values.Min();
        if (undelivered && next > now + RetryPagesAfter) next = now + RetryPagesAfter;
        var dueIn = next > now ? next - now : TimeSpan.Zero;
        // Keeps the center active while something is due; a deactivated one is re-armed by the check loop anyway.
        _dueTimer = this.RegisterGrainTimer(OnDueAsync, new GrainTimerCreationOptions(dueIn, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
    }

    private async Task OnDueAsync(CancellationToken cancellationToken)
    {
        await ActOnDueAsync();
        await DeliverPagesAsync();
        // Not the timer's token: pages already handed over are recorded even if the timer is being disposed.
        await SaveNotifiedThroughAsync(CancellationToken.None);
        ScheduleDue();
    }

    private DateTimeOffset? FirstPagedAt(string alertId) =>
        _events.FirstOrDefault(e => e.AlertId == alertId && e.NotifiedRoles.Count > 0)?.EventAt;

    public Task<IReadOnlyList<AlertQuality>> GetAlertQualityAsync() =>
        Task.FromResult(AlertQualityReport.From(_events, Patients.PatientGrain.AutoResolver));

    public Task<IReadOnlyList<AlertAttempt>> GetAttemptsAsync(string alertId) =>
        Task.FromResult<IReadOnlyList<AlertAttempt>>(state.State.Attempts.Where(a => a.AlertId == alertId).ToArray());

    public Task UpdatePatientAsync(PatientSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        _patients[summary.PatientId] = summary;
        _summaryDirty = true;
        _patientsUnsaved = true;
        return Task.CompletedTask;
    }

    public Task<CenterSummary> GetSummaryAsync() => Task.FromResult(Summarise());

    private Task SavePatientsAsync(CancellationToken cancellationToken)
    {
        patients.State = new CenterPatientsState { Patients = new Dictionary<string, PatientSummary>(_patients, StringComparer.Ordinal) };
        return patients.WriteStateAsync(cancellationToken);
    }

    private async Task PublishSummaryIfChangedAsync(CancellationToken cancellationToken)
    {
        // Every tick, changed or not: the risk window moves with the clock. A center outside any trial (the health
        // probe's) has nothing to count.
        if (state.State.TrialId is not null)
            CenterGauges.Publish(CenterId, CenterFigures.From(_current.Values, _patients.Values, clock.GetUtcNow(), RiskWindowDays));
        if (!_summaryDirty) return;
        _summaryDirty = false;
        if (_patientsUnsaved && clock.GetUtcNow() - _patientsSavedAt >= SavePatientsEvery)
        {
            await SavePatientsAsync(cancellationToken);
            _patientsUnsaved = false;
            _patientsSavedAt = clock.GetUtcNow();
        }

        var summary = Summarise();
        await GrainFactory.GetGrain<IPushRegistryGrain>(0).PublishCenterSummaryAsync(summary);
        if (state.State.TrialId is { } trialId) await GrainFactory.GetGrain<ITrialGrain>(trialId).UpdateCenterAsync(summary);
    }

    private CenterSummary Summarise()
    {
        var now = clock.GetUtcNow();
        var census = new SortedDictionary<int, int>();
        var inRiskWindow = 0;
        foreach (var patient in _patients.Values)
        {
            var day = Math.Max(0, (int)Math.Floor((now - patient.InfusionAt).TotalDays));
            census[Math.Min(day, CensusLastDay)] = census.GetValueOrDefault(Math.Min(day, CensusLastDay)) + 1;
            if (day <= RiskWindowDays) inRiskWindow++;
        }

        return new CenterSummary
        {
            CenterId = CenterId,
            TrialId = state.State.TrialId,
            AsOf = now,
            PatientsEnrolled = _patients.Count,
            CensusByDay = census,
            PatientsInRiskWindow = inRiskWindow,
            OpenAlertsBySeverity = _current.Values.Where(a => a.Status != AlertStatuses.Resolved)
                .GroupBy(a => a.Severity).ToDictionary(g => g.Key, g => g.Count()),
            LastSequence = _events.Count,
            Patients = _patients.Values.OrderBy(p => p.PatientId, StringComparer.Ordinal).ToArray(),
        };
    }

    // Days 0–28 after infusion are the monitoring window of the safety tables (rules.md 11.3); later days are pooled.
    private const int RiskWindowDays = 28;
    private const int CensusLastDay = RiskWindowDays + 1;
}
