namespace TrialMonitor.Contracts.Safety;

/// <summary>A toxicity's course in one patient (<c>TrialMonitor.Safety.Records.ToxicityCourse</c> across the wire).</summary>
[GenerateSerializer, Immutable]
public sealed record ToxicityCourseData(
    [property: Id(0)] int MaxGrade,
    [property: Id(1)] DateTimeOffset OnsetAt,
    [property: Id(2)] DateTimeOffset? ResolvedAt);

/// <summary>
/// One infused patient's safety record as of a data cut (<c>TrialMonitor.Safety.Records.PatientSafetyRecord</c> across
/// the wire). No patient identifier: the trial gathers these to build aggregates only.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SafetyRecordData
{
    [Id(0)] public required string CenterId { get; init; }
    [Id(1)] public string? Indication { get; init; }
    [Id(2)] public string? Product { get; init; }
    [Id(3)] public string? DoseCohort { get; init; }
    [Id(4)] public required DateTimeOffset InfusionAt { get; init; }
    [Id(5)] public ToxicityCourseData? Crs { get; init; }
    [Id(6)] public ToxicityCourseData? Icans { get; init; }
    [Id(7)] public DateTimeOffset? FebrileNeutropeniaAt { get; init; }
    [Id(8)] public DateTimeOffset? IecHsAt { get; init; }
    [Id(9)] public int? IecHsGrade { get; init; }
    [Id(10)] public int IcahtGrade { get; init; }
    [Id(11)] public DateTimeOffset? IcahtOnsetAt { get; init; }
    [Id(12)] public DateTimeOffset? DiedAt { get; init; }
    [Id(13)] public DateTimeOffset? FirstSeriousEventAt { get; init; }
}

/// <summary>The records of every patient of a trial infused by the data cut.</summary>
[GenerateSerializer, Immutable]
public sealed record SafetySnapshot(
    [property: Id(0)] string TrialId,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] IReadOnlyList<SafetyRecordData> Records);
