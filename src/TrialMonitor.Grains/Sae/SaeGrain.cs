using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Clinical.Sae;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Sae;
using TrialMonitor.Grains.Patients;

namespace TrialMonitor.Grains.Sae;

/// <summary>
/// A center's serious adverse event drafts (rules.md 10.3 "regulatory"): opened from the alert events the center
/// records and from death reports, each with three clocks from awareness (24 h sponsor notification, 7- and 15-day
/// expedited reports, ICH E2A). A clock past due and not completed raises one <c>sae-overdue</c> alert at the
/// center, on time by a one-shot grain timer set for the next due time, and in any case at the center's minute check.
/// Overdue alert ids and keys are persisted before the center is asked, so a retry or a restart asks for the same
/// alert and the center records it once.
/// </summary>
public sealed partial class SaeGrain(
    [PersistentState("sae", GrainStorage.Clinical)] IPersistentState<SaeState> state,
    SaeOptions options,
    TimeProvider time,
    ILogger<SaeGrain> logger) : Grain, ISaeGrain
{
    // A clock is overdue once now is after its due time, so the timer fires just after it.
    private static readonly TimeSpan AfterDue = TimeSpan.FromSeconds(1);

    private IGrainTimer? _timer;
    private DateTimeOffset? _timerFor;

    private string CenterId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Deadlines that passed while no activation was watching are raised at once.
        Arm(time.GetUtcNow(), checkPendingNow: true);
        return Task.CompletedTask;
    }

    public async Task OnAlertsAsync(IReadOnlyList<Alert> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var changed = false;
        foreach (var alert in events)
        {
            if (!SaeCriteria.Trigger(alert.Kind, alert.Grade, options)) continue;
            var draftId = SaeDraftIds.For(CenterId, alert.PatientId, alert.Kind);
            if (!state.State.Drafts.TryGetValue(draftId, out var draft))
            {
                state.State.Drafts[draftId] = new SaeDraft
                {
                    DraftId = draftId, CenterId = CenterId, TrialId = alert.TrialId, PatientId = alert.PatientId, Trigger = alert.Kind,
                    Grade = alert.Grade, Readings = alert.Reason, AwarenessAt = alert.EventAt, Clocks = NewClocks(alert.EventAt),
                    SourceAlertId = alert.AlertId, Status = SaeDraftStatuses.Open,
                };
                LogDraftOpened(logger, draftId, alert.Kind, alert.Grade);
                changed = true;
                continue;
            }

            var updated = draft;
            // A later, higher grade of the same kind: the draft reports the worst, its clocks keep running from awareness.
            if ((alert.Grade ?? 0) > (draft.Grade ?? 0)) updated = updated with { Grade = alert.Grade, Readings = alert.Reason };
            // One-way calls may arrive out of order: awareness is the earliest qualifying event, whichever came first.
            if (alert.EventAt < draft.AwarenessAt)
                updated = updated with { AwarenessAt = alert.EventAt, SourceAlertId = alert.AlertId, Clocks = Reclock(updated.Clocks, alert.EventAt) };
            if (ReferenceEquals(updated, draft)) continue;
            state.State.Drafts[draftId] = updated;
            changed = true;
        }

        if (!changed) return;
        await state.WriteStateAsync();
        await CheckCoreAsync();
    }

    public async Task<SaeDeathResult> ReportDeathAsync(string trialId, string patientId, DateTimeOffset diedAt, string? cause, string by)
    {
        var draftId = SaeDraftIds.For(CenterId, patientId, SaeTriggers.Death);
        var now = time.GetUtcNow();
        if (state.State.Drafts.TryGetValue(draftId, out var existing)) return new SaeDeathResult(false, WithStatus(existing, now));

        var draft = new SaeDraft
        {
            DraftId = draftId, CenterId = CenterId, TrialId = trialId, PatientId = patientId, Trigger = SaeTriggers.Death, Grade = null,
            Readings = string.IsNullOrWhiteSpace(cause) ? $"died {diedAt:yyyy-MM-dd HH:mm zzz}; cause not reported" : $"died {diedAt:yyyy-MM-dd HH:mm zzz}: {cause}",
            AwarenessAt = now, Clocks = NewClocks(now), SourceAlertId = null, Status = SaeDraftStatuses.Open, DiedAt = diedAt, ReportedBy = by,
        };
        state.State.Drafts[draftId] = draft;
        await state.WriteStateAsync();
        LogDraftOpened(logger, draftId, SaeTriggers.Death, null);
        Arm(now);
        return new SaeDeathResult(true, WithStatus(draft, now));
    }

    public Task<IReadOnlyList<SaeDraft>> GetDraftsAsync()
    {
        var now = time.GetUtcNow();
        return Task.FromResult<IReadOnlyList<SaeDraft>>(state.State.Drafts.Values
            .OrderBy(d => d.AwarenessAt).ThenBy(d => d.DraftId, StringComparer.Ordinal)
            .Select(d => WithStatus(d, now)).ToArray());
    }

    public async Task<SaeClockResult> CompleteClockAsync(string draftId, string clock, string by)
    {
        var now = time.GetUtcNow();
        var found = state.State.Drafts.TryGetValue(draftId, out var draft);
        var before = found ? WithStatus(draft!, now) : null;
        if (!SaeClockNames.IsKnown(clock))
            return new SaeClockResult(SaeClockOutcome.UnknownClock, null, $"clock: '{clock}' is not one of {string.Join(", ", SaeClockNames.All)}", before);
        if (!found)
            return new SaeClockResult(SaeClockOutcome.DraftNotFound, null, $"draftId: no SAE draft '{draftId}' at center '{CenterId}'");

        var current = draft!.Clocks.Single(c => c.Name == clock);
        if (current.CompletedAt is { } completedAt)
        {
            return new SaeClockResult(SaeClockOutcome.AlreadyCompleted, before,
                $"clock: {clock} was completed at {completedAt:O} by {current.CompletedBy}", before);
        }

        var updated = draft with { Clocks = draft.Clocks.Select(c => c.Name == clock ? c with { CompletedAt = now, CompletedBy = by } : c).ToArray() };
        state.State.Drafts[draftId] = updated;
        await state.WriteStateAsync();
        Arm(now);
        if (current.OverdueAlertId is { } overdueAlertId)
        {
            // The alert asked for this very report: it is resolved, and it was actionable. Refused only if someone
            // resolved it already, which is fine.
            await GrainFactory.GetGrain<ICenterGrain>(CenterId).TransitionAsync(overdueAlertId, AlertStatuses.Resolved, by, $"{clock} completed", true);
        }

        return new SaeClockResult(SaeClockOutcome.Completed, WithStatus(updated, now), null, before);
    }

    public Task CheckAsync() => CheckCoreAsync();

    private async Task CheckCoreAsync()
    {
        var now = time.GetUtcNow();
        var pending = new List<(string TrialId, AlertChange Change)>();
        var numbered = false;
        foreach (var draft in state.State.Drafts.Values.OrderBy(d => d.DraftId, StringComparer.Ordinal).ToArray())
        {
            var current = draft;
            foreach (var overdue in SaeClocks.Overdue(Deadlines(draft), Completed(draft), now))
            {
                var key = $"{draft.DraftId}#{overdue.Clock}";
                if (state.State.RecordedOverdueKeys.Contains(key)) continue;
                var alertId = current.Clocks.Single(c => c.Name == overdue.Clock).OverdueAlertId;
                if (alertId is null)
                {
                    alertId = AlertIds.For(CenterId, draft.PatientId, AlertKinds.SaeOverdue, ++state.State.OverdueAlertsNumbered);
                    current = current with { Clocks = current.Clocks.Select(c => c.Name == overdue.Clock ? c with { OverdueAlertId = alertId } : c).ToArray() };
                    numbered = true;
                }

                pending.Add((draft.TrialId, new AlertChange(key, alertId, draft.PatientId, AlertKinds.SaeOverdue, null, AlertSeverities.Urgent,
                    OverdueReason(draft, overdue), overdue.DueAt, IsNewAlert: true)));
            }

            state.State.Drafts[draft.DraftId] = current;
        }

        if (pending.Count > 0)
        {
            // The ids are saved before the center is asked: asked again after a crash, it is the same alert.
            if (numbered) await state.WriteStateAsync();
            var center = GrainFactory.GetGrain<ICenterGrain>(CenterId);
            foreach (var ofTrial in pending.GroupBy(p => p.TrialId, StringComparer.Ordinal))
            {
                await center.RecordAsync(ofTrial.Key, ofTrial.Select(p => p.Change).ToArray());
                // Recorded now or before (the center answers nothing for a key it has seen): either way, done.
                foreach (var (_, change) in ofTrial) state.State.RecordedOverdueKeys.Add(change.Key);
            }

            await state.WriteStateAsync();
            LogOverdueRaised(logger, pending.Count);
        }

        Arm(time.GetUtcNow());
    }

    /// <summary>Sets the one-shot timer for the next due time of any uncompleted clock, or at once if an overdue alert is still to be recorded.</summary>
    private void Arm(DateTimeOffset now, bool checkPendingNow = false)
    {
        DateTimeOffset? next = null;
        foreach (var draft in state.State.Drafts.Values)
        {
            var completed = Completed(draft);
            var deadlines = Deadlines(draft);
            if (checkPendingNow && SaeClocks.Overdue(deadlines, completed, now).Any(d => !state.State.RecordedOverdueKeys.Contains($"{draft.DraftId}#{d.Clock}")))
            {
                next = now - AfterDue;
                break;
            }

            if (SaeClocks.NextDue(deadlines, completed, now) is { } due && (next is null || due < next)) next = due;
        }

        if (next == _timerFor && _timer is not null) return;
        _timer?.Dispose();
        _timer = null;
        _timerFor = next;
        if (next is not { } at) return;
        var dueTime = at + AfterDue - now;
        _timer = this.RegisterGrainTimer(async _ =>
        {
            _timer?.Dispose();
            _timer = null;
            _timerFor = null;
            await CheckCoreAsync();
        }, new GrainTimerCreationOptions(dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime, Timeout.InfiniteTimeSpan) { Interleave = false });
    }

    private SaeClock[] NewClocks(DateTimeOffset awarenessAt) =>
        SaeClocks.Deadlines(awarenessAt, options).Select(d => new SaeClock(d.Clock, d.DueAt, null, null, null)).ToArray();

    private SaeClock[] Reclock(IReadOnlyList<SaeClock> clocks, DateTimeOffset awarenessAt)
    {
        var due = SaeClocks.Deadlines(awarenessAt, options).ToDictionary(d => d.Clock, d => d.DueAt, StringComparer.Ordinal);
        return clocks.Select(c => c with { DueAt = due[c.Name] }).ToArray();
    }

    private static IEnumerable<SaeDeadline> Deadlines(SaeDraft draft) => draft.Clocks.Select(c => new SaeDeadline(c.Name, c.DueAt));

    private static string[] Completed(SaeDraft draft) => draft.Clocks.Where(c => c.CompletedAt is not null).Select(c => c.Name).ToArray();

    private static SaeDraft WithStatus(SaeDraft draft, DateTimeOffset now)
    {
        var completed = Completed(draft);
        var status = completed.Length == draft.Clocks.Count ? SaeDraftStatuses.Completed
            : SaeClocks.Overdue(Deadlines(draft), completed, now).Count > 0 ? SaeDraftStatuses.Overdue
            : SaeDraftStatuses.Open;
        return draft.Status == status ? draft : draft with { Status = status };
    }

    private static string OverdueReason(SaeDraft draft, SaeDeadline overdue) =>
        $"SAE draft {draft.DraftId}: {SaeClockNames.Describe(overdue.Clock)} overdue since {overdue.DueAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC " +
        $"(trigger: {DescribeTrigger(draft)}; aware {draft.AwarenessAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC)";

    private static string DescribeTrigger(SaeDraft draft) => draft.Trigger switch
    {
        AlertKinds.Crs => $"CRS grade {draft.Grade}",
        AlertKinds.Icans => $"ICANS grade {draft.Grade}",
        AlertKinds.Icaht => $"ICAHT grade {draft.Grade}",
        AlertKinds.IecHs => draft.Grade is { } grade ? $"IEC-HS grade {grade}" : "IEC-HS suspected",
        SaeTriggers.Death => "death",
        _ => draft.Trigger,
    };

    // Draft ids are opaque: they name the center, never the patient.
    [LoggerMessage(Level = LogLevel.Information, Message = "SAE draft {DraftId} opened (trigger {Trigger}, grade {Grade})")]
    private static partial void LogDraftOpened(ILogger logger, string draftId, string trigger, int? grade);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} SAE reporting clocks passed uncompleted: sae-overdue alerts raised")]
    private static partial void LogOverdueRaised(ILogger logger, int count);
}
