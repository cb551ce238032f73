using Orleans.Concurrency;
using TrialMonitor.Contracts.Alerts;

namespace TrialMonitor.Contracts.Sae;

/// <summary>
/// A center's serious adverse event (SAE) drafts and their reporting clocks (rules.md 10.3 "regulatory", ICH E2A),
/// keyed by center id. The center tells it every alert event it records; it raises <c>sae-overdue</c> alerts at
/// the center when a clock passes uncompleted.
/// </summary>
public interface ISaeGrain : IGrainWithStringKey
{
    /// <summary>
    /// Alert events the center recorded. Opens one draft per patient and trigger kind (awareness: the first event
    /// meeting the criteria); a higher grade updates the grade and readings. Repeated events change nothing.
    /// One-way: the center calls this while this grain may be waiting on the center.
    /// </summary>
    [OneWay]
    Task OnAlertsAsync(IReadOnlyList<Alert> events);

    /// <summary>Opens the patient's "death" draft; awareness is the time of the report. A second report returns the first draft.</summary>
    Task<SaeDeathResult> ReportDeathAsync(string trialId, string patientId, DateTimeOffset diedAt, string? cause, string by);

    Task<IReadOnlyList<SaeDraft>> GetDraftsAsync();

    /// <summary>Marks a clock done: the sponsor was notified, or the expedited report was sent.</summary>
    Task<SaeClockResult> CompleteClockAsync(string draftId, string clock, string by);

    /// <summary>Raises an <c>sae-overdue</c> alert for each clock past due and not completed, once per draft and clock. One-way, as above.</summary>
    [OneWay]
    Task CheckAsync();
}

/// <summary>An SAE draft: what triggered it, the readings, and its three clocks.</summary>
[GenerateSerializer, Immutable]
public sealed record SaeDraft
{
    /// <summary>The center id, '~', then an opaque digest: the center is recoverable from it, the patient is not.</summary>
    [Id(0)] public required string DraftId { get; init; }
    [Id(1)] public required string CenterId { get; init; }
    [Id(2)] public required string TrialId { get; init; }
    [Id(3)] public required string PatientId { get; init; }
    /// <summary><c>crs</c>, <c>icans</c>, <c>iec-hs</c>, <c>icaht</c> or <c>death</c>.</summary>
    [Id(4)] public required string Trigger { get; init; }
    /// <summary>The highest grade seen; null for death and for IEC-HS suspected without a grade.</summary>
    [Id(5)] public int? Grade { get; init; }
    /// <summary>The reason text of the alert that set the grade, or the cause of death as reported.</summary>
    [Id(6)] public required string Readings { get; init; }
    /// <summary>The first alert event meeting the criteria, or the time a death was reported: all clocks run from here.</summary>
    [Id(7)] public required DateTimeOffset AwarenessAt { get; init; }
    [Id(8)] public required IReadOnlyList<SaeClock> Clocks { get; init; }
    /// <summary>The alert that opened the draft; null for death.</summary>
    [Id(9)] public string? SourceAlertId { get; init; }
    /// <summary><c>open</c>, <c>overdue</c> (a clock passed uncompleted) or <c>completed</c> (all three done).</summary>
    [Id(10)] public required string Status { get; init; }
    /// <summary>Death only: when the patient died, and who reported it.</summary>
    [Id(11)] public DateTimeOffset? DiedAt { get; init; }
    [Id(12)] public string? ReportedBy { get; init; }
}

/// <summary>One reporting clock of a draft.</summary>
[GenerateSerializer, Immutable]
public sealed record SaeClock(
    // sponsor-notification, expedited-7-day or expedited-15-day.
    [property: Id(0)] string Name,
    [property: Id(1)] DateTimeOffset DueAt,
    [property: Id(2)] DateTimeOffset? CompletedAt,
    [property: Id(3)] string? CompletedBy,
    // The sae-overdue alert raised when the clock passed uncompleted.
    [property: Id(4)] string? OverdueAlertId);

public static class SaeDraftStatuses
{
    public const string Open = "open";
    public const string Overdue = "overdue";
    public const string Completed = "completed";
}

[GenerateSerializer, Immutable]
public sealed record SaeDeathResult([property: Id(0)] bool Created, [property: Id(1)] SaeDraft Draft);

[GenerateSerializer]
public enum SaeClockOutcome
{
    Completed,
    DraftNotFound,
    UnknownClock,
    AlreadyCompleted,
}

/// <summary>The draft after completing a clock (unchanged unless <see cref="Outcome"/> is Completed), and why not.</summary>
[GenerateSerializer, Immutable]
/// <param name="Before">The draft as it was when the completion was asked for, for the audit's "before".</param>
public sealed record SaeClockResult([property: Id(0)] SaeClockOutcome Outcome, [property: Id(1)] SaeDraft? Draft, [property: Id(2)] string? Detail, [property: Id(3)] SaeDraft? Before = null);
