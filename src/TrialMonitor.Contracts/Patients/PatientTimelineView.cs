namespace TrialMonitor.Contracts.Patients;

/// <summary>
/// A patient's recent course for the dashboards (<c>GET /api/v1/patients/{patientId}/timeline</c>): numeric readings
/// in their canonical units, treatments, the grades as they changed, and the episodes they make.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PatientTimelineView
{
    [Id(0)] public required string PatientId { get; init; }
    [Id(1)] public required string CenterId { get; init; }
    [Id(2)] public required string TrialId { get; init; }
    [Id(3)] public required DateTimeOffset InfusionAt { get; init; }
    /// <summary>The window: readings effective from this time on.</summary>
    [Id(4)] public required DateTimeOffset From { get; init; }
    /// <summary>The newest effective time (or the window's start when there is nothing newer).</summary>
    [Id(5)] public DateTimeOffset? NewestAt { get; init; }
    /// <summary>One series per numeric parameter (vital signs, labs), each point in the canonical unit.</summary>
    [Id(6)] public IReadOnlyList<TimelineSeries> Series { get; init; } = [];
    /// <summary>Vasopressors, oxygen device and flow, fluid boluses and medications, in time order.</summary>
    [Id(7)] public IReadOnlyList<TimelineTreatment> Treatments { get; init; } = [];
    /// <summary>CRS and ICANS grades and NEWS2 at each instant where one of them changed (empty unless asked for).</summary>
    [Id(8)] public IReadOnlyList<GradePoint> Grades { get; init; } = [];
    [Id(9)] public IReadOnlyList<GradeEpisode> CrsEpisodes { get; init; } = [];
    [Id(10)] public IReadOnlyList<GradeEpisode> IcansEpisodes { get; init; } = [];
}

/// <param name="Key">The parameter ("temperature", "systolicBloodPressure", "oxygenSaturation", "neutrophilCount" …).</param>
/// <param name="Label">Words a clinician reads ("temperature").</param>
/// <param name="Unit">The canonical unit as people write it ("°C").</param>
[GenerateSerializer, Immutable]
public sealed record TimelineSeries(
    [property: Id(0)] string Key, [property: Id(1)] string Label, [property: Id(2)] string? Unit, [property: Id(3)] IReadOnlyList<TimelinePoint> Points);

[GenerateSerializer, Immutable]
public sealed record TimelinePoint([property: Id(0)] DateTimeOffset At, [property: Id(1)] decimal Value);

/// <param name="Kind"><c>vasopressors</c>, <c>oxygen-device</c>, <c>oxygen-flow</c>, <c>fluid-bolus</c> or <c>medication</c>.</param>
/// <param name="Text">What was given or running, as sent ("norepinephrine", "nasal-cannula", "3 L/min", "tocilizumab").</param>
/// <param name="Classes">For medications, the classes the rules know (e.g. "AntiCytokine", "Corticosteroid").</param>
[GenerateSerializer, Immutable]
public sealed record TimelineTreatment(
    [property: Id(0)] DateTimeOffset At, [property: Id(1)] string Kind, [property: Id(2)] string Text, [property: Id(3)] string? Classes);

[GenerateSerializer, Immutable]
public sealed record GradePoint([property: Id(0)] DateTimeOffset At, [property: Id(1)] int Crs, [property: Id(2)] int Icans, [property: Id(3)] int? News2);

/// <summary>An episode with a grade above 0; <paramref name="EndAt"/> null while it lasts.</summary>
[GenerateSerializer, Immutable]
public sealed record GradeEpisode([property: Id(0)] DateTimeOffset StartAt, [property: Id(1)] DateTimeOffset? EndAt, [property: Id(2)] int MaxGrade);
