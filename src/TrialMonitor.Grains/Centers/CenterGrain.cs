using Orleans.Runtime;
using TrialMonitor.Clinical;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Clinical.Rules.MissingData;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Patients;
using TrialMonitor.Contracts.Push;
using TrialMonitor.Contracts.Sae;
using TrialMonitor.Contracts.Trials;

namespace TrialMonitor.Grains.Centers;

/// <summary>
/// One hospital: numbers its alert events without gaps, keeps them durably for replay, publishes them to every
/// server process, and keeps a census and the current grades of its patients.
/// </summary>
public sealed class CenterGrain(
    [PersistentState("center", GrainStorage.Clinical)] IPersistentState<CenterState> state,
    [PersistentState("center-patients", GrainStorage.Clinical)] IPersistentState<CenterPatientsState> patients,
    ClinicalRulesOptions rules,
    TimeProvider clock) : Grain, ICenterGrain
{
    // The census on the hub is refreshed at most this often; patient updates arrive with every batch.
    private static readonly TimeSpan SummaryInterval = TimeSpan.FromSeconds(2);

    // The patient rows are a cache the patients refresh with every batch: saved now and then, not every summary.
    private static readonly TimeSpan SavePatientsEvery = TimeSpan.FromSeconds(30);

    private DateTimeOffset _patientsSavedAt;

    private readonly Dictionary<string, Alert> _current = new(StringComparer.Ordinal);
    private bool _summaryDirty;
    private bool _patientsUnsaved;

    private string CenterId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var alert in state.State.Events) _current[alert.AlertId] = alert;
        // Interleaved: recording an alert must not wait behind a census push. Safe because the timer writes only the
        // patient rows and alert recording only the alert log, two separate states.
        this.RegisterGrainTimer(PublishSummaryIfChangedAsync, new GrainTimerCreationOptions(SummaryInterval, SummaryInterval) { Interleave = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_patientsUnsaved) await patients.WriteStateAsync(cancellationToken);
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
        var now = clock.GetUtcNow();
        var due = patients.State.Patients.Values.Where(p =>
            MissingDataRules.Assess(p.InfusionAt, p.LastVitalSignAt, now, rules.MissingData).VitalSignsOverdue);
        var withAlerts = _current.Values.Where(a => a.Status != AlertStatuses.Resolved).Select(a => a.PatientId);
        foreach (var patientId in due.Select(p => p.PatientId).Concat(withAlerts).Distinct(StringComparer.Ordinal))
            await GrainFactory.GetGrain<IPatientGrain>(patientId).CheckAsync();
    }

    public async Task<IReadOnlyList<Alert>> RecordAsync(string trialId, IReadOnlyList<AlertChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var now = clock.GetUtcNow();
        var recorded = new List<Alert>(changes.Count);
        foreach (var change in changes)
        {
            if (!state.State.RecordedKeys.Add(change.Key)) continue;
            Alert alert;
            if (change.IsNewAlert || !_current.TryGetValue(change.AlertId, out var current))
            {
                alert = new Alert
                {
                    AlertId = change.AlertId, TrialId = trialId, CenterId = CenterId, PatientId = change.PatientId,
                    Kind = change.Kind, Grade = change.Grade, Severity = change.Severity, Status = AlertStatuses.Open,
                    RaisedAt = now, Reason = change.Reason, Event = AlertEvents.Raised, EventAt = now, EffectiveAt = change.EffectiveAt,
                };
            }
            else
            {
                // A higher grade re-opens the alert and notifies again (rules.md 10.3).
                alert = current with
                {
                    Grade = change.Grade, Severity = change.Severity, Reason = change.Reason, Status = AlertStatuses.Open,
                    Event = AlertEvents.Updated, EventAt = now, EffectiveAt = change.EffectiveAt, By = null, Note = null,
                };
            }

            alert = alert with { Sequence = ++state.State.LastSequence };
            state.State.Events.Add(alert);
            _current[alert.AlertId] = alert;
            recorded.Add(alert);
        }

        if (recorded.Count == 0) return recorded;
        await state.WriteStateAsync();
        _summaryDirty = true;
        await GrainFactory.GetGrain<IPushRegistryGrain>(0).PublishAlertsAsync(recorded);
        await GrainFactory.GetGrain<ISaeGrain>(CenterId).OnAlertsAsync(recorded);
        return recorded;
    }

    public Task<IReadOnlyList<Alert>> GetEventsAfterAsync(long afterSequence)
    {
        var events = state.State.Events;
        // Sequences are 1..n at indexes 0..n-1.
        var from = (int)Math.Clamp(afterSequence, 0, events.Count);
        return Task.FromResult<IReadOnlyList<Alert>>(events.GetRange(from, events.Count - from));
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
            return new AlertTransitionResult(true, false, current, detail);
        }

        var alert = current with
        {
            Status = toStatus, Event = toStatus == AlertStatuses.Resolved ? AlertEvents.Resolved : AlertEvents.Acknowledged,
            EventAt = now, By = by, Note = note, Sequence = ++state.State.LastSequence,
            Actionable = toStatus == AlertStatuses.Resolved ? actionable : null,
        };
        state.State.Events.Add(alert);
        state.State.Attempts.Add(new AlertAttempt(alertId, by, now, current.Status, toStatus, true, alert.Sequence, null));
        _current[alertId] = alert;
        await state.WriteStateAsync();
        _summaryDirty = true;
        await GrainFactory.GetGrain<IPushRegistryGrain>(0).PublishAlertsAsync([alert]);
        await GrainFactory.GetGrain<ISaeGrain>(CenterId).OnAlertsAsync([alert]);
        await GrainFactory.GetGrain<IPatientGrain>(alert.PatientId).OnAlertChangedAsync(alert);
        return new AlertTransitionResult(true, true, alert, null);
    }

    public Task<IReadOnlyList<AlertQuality>> GetAlertQualityAsync() =>
        Task.FromResult(AlertQualityReport.From(state.State.Events, Patients.PatientGrain.AutoResolver));

    public Task<IReadOnlyList<AlertAttempt>> GetAttemptsAsync(string alertId) =>
        Task.FromResult<IReadOnlyList<AlertAttempt>>(state.State.Attempts.Where(a => a.AlertId == alertId).ToArray());

    public Task UpdatePatientAsync(PatientSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        patients.State.Patients[summary.PatientId] = summary;
        _summaryDirty = true;
        _patientsUnsaved = true;
        return Task.CompletedTask;
    }

    public Task<CenterSummary> GetSummaryAsync() => Task.FromResult(Summarise());

    private async Task PublishSummaryIfChangedAsync(CancellationToken cancellationToken)
    {
        if (!_summaryDirty) return;
        _summaryDirty = false;
        if (_patientsUnsaved && clock.GetUtcNow() - _patientsSavedAt >= SavePatientsEvery)
        {
            await patients.WriteStateAsync(cancellationToken);
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
        foreach (var patient in patients.State.Patients.Values)
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
            PatientsEnrolled = patients.State.Patients.Count,
            CensusByDay = census,
            PatientsInRiskWindow = inRiskWindow,
            OpenAlertsBySeverity = _current.Values.Where(a => a.Status != AlertStatuses.Resolved)
                .GroupBy(a => a.Severity).ToDictionary(g => g.Key, g => g.Count()),
            LastSequence = state.State.LastSequence,
            Patients = patients.State.Patients.Values.OrderBy(p => p.PatientId, StringComparer.Ordinal).ToArray(),
        };
    }

    // Days 0–28 after infusion are the monitoring window of the safety tables (rules.md 11.3); later days are pooled.
    private const int RiskWindowDays = 28;
    private const int CensusLastDay = RiskWindowDays + 1;
}
