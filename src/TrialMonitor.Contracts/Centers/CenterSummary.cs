namespace TrialMonitor.Contracts.Centers;

/// <summary>What the center grain keeps of one patient: enough for a census and the current grades, nothing identifying.</summary>
[GenerateSerializer, Immutable]
public sealed record PatientSummary(
    [property: Id(0)] string PatientId,
    [property: Id(1)] string TrialId,
    [property: Id(2)] DateTimeOffset InfusionAt,
    [property: Id(3)] int CrsGrade,
    [property: Id(4)] int CrsMaxGrade,
    [property: Id(5)] int IcansGrade,
    [property: Id(6)] int IcansMaxGrade,
    [property: Id(7)] bool FebrileNeutropeniaActive,
    [property: Id(8)] int? News2Total,
    [property: Id(9)] int IcahtGrade,
    [property: Id(10)] DateTimeOffset? LastVitalSignAt);

/// <summary>A center's census and alert counts (<c>centerSummary</c> on the hub). Patient rows are for clinicians only.</summary>
[GenerateSerializer, Immutable]
public sealed record CenterSummary
{
    [Id(0)] public required string CenterId { get; init; }
    [Id(1)] public string? TrialId { get; init; }
    [Id(2)] public DateTimeOffset AsOf { get; init; }
    [Id(3)] public int PatientsEnrolled { get; init; }
    /// <summary>Patients by day after infusion (day 0 = infusion day), days 0–28 and "29+" as 29.</summary>
    [Id(4)] public IReadOnlyDictionary<int, int> CensusByDay { get; init; } = new Dictionary<int, int>();
    [Id(5)] public int PatientsInRiskWindow { get; init; }
    [Id(6)] public IReadOnlyDictionary<string, int> OpenAlertsBySeverity { get; init; } = new Dictionary<string, int>();
    [Id(7)] public long LastSequence { get; init; }
    [Id(8)] public IReadOnlyList<PatientSummary> Patients { get; init; } = [];
}
