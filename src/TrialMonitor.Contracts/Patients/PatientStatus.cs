using TrialMonitor.Contracts.Alerts;

namespace TrialMonitor.Contracts.Patients;

/// <summary>The body of <c>GET /api/v1/patients/{patientId}/status</c> (api.md "Patient status").</summary>
[GenerateSerializer, Immutable]
public sealed record PatientStatus
{
    [Id(0)] public required string PatientId { get; init; }
    [Id(1)] public required string CenterId { get; init; }
    [Id(2)] public required string TrialId { get; init; }
    [Id(3)] public required DateTimeOffset InfusionAt { get; init; }
    [Id(4)] public int DayPostInfusion { get; init; }
    /// <summary>The effective time of the newest observation the grades are judged on.</summary>
    [Id(5)] public DateTimeOffset? AssessedAt { get; init; }
    [Id(6)] public required CrsStatus Crs { get; init; }
    [Id(7)] public required IcansStatus Icans { get; init; }
    [Id(8)] public required FebrileNeutropeniaStatus FebrileNeutropenia { get; init; }
    [Id(9)] public required News2Status News2 { get; init; }
    [Id(10)] public required IcahtStatus Icaht { get; init; }
    [Id(11)] public required IecHsStatus IecHs { get; init; }
    [Id(12)] public required EasixStatus Easix { get; init; }
    [Id(13)] public required CarHematotoxStatus CarHematotox { get; init; }
    [Id(14)] public int ObservationCount { get; init; }
    [Id(15)] public IReadOnlyList<Alert> OpenAlerts { get; init; } = [];
}

[GenerateSerializer, Immutable]
public sealed record CrsStatus(
    [property: Id(0)] int Grade, [property: Id(1)] int MaxGrade, [property: Id(2)] bool EpisodeOpen,
    [property: Id(3)] DateTimeOffset? OnsetAt, [property: Id(4)] bool FeverMasked, [property: Id(5)] string Reason);

[GenerateSerializer, Immutable]
public sealed record IcansStatus([property: Id(0)] int Grade, [property: Id(1)] int MaxGrade, [property: Id(2)] string Reason);

[GenerateSerializer, Immutable]
public sealed record FebrileNeutropeniaStatus(
    [property: Id(0)] bool Active, [property: Id(1)] bool Met, [property: Id(2)] DateTimeOffset? FirstMetAt,
    [property: Id(3)] string Definition, [property: Id(4)] string Reason);

[GenerateSerializer, Immutable]
public sealed record News2Status(
    [property: Id(0)] int? Total, [property: Id(1)] string? Band, [property: Id(2)] bool SingleRedParameter,
    [property: Id(3)] int PartialTotal, [property: Id(4)] IReadOnlyList<string> Missing, [property: Id(5)] string Reason);

[GenerateSerializer, Immutable]
public sealed record IcahtStatus([property: Id(0)] int Grade, [property: Id(1)] bool Provisional, [property: Id(2)] string Reason);

[GenerateSerializer, Immutable]
public sealed record IecHsStatus([property: Id(0)] bool Suspected, [property: Id(1)] int? Grade, [property: Id(2)] string Reason);

[GenerateSerializer, Immutable]
public sealed record EasixStatus([property: Id(0)] decimal? Easix, [property: Id(1)] decimal? ModifiedEasix, [property: Id(2)] bool? Elevated);

[GenerateSerializer, Immutable]
public sealed record CarHematotoxStatus([property: Id(0)] int? Score, [property: Id(1)] string? Risk);
