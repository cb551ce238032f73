using TrialMonitor.Contracts.Centers;

namespace TrialMonitor.Contracts.Trials;

/// <summary>One trial across its centers: de-identified summaries for sponsors.</summary>
public interface ITrialGrain : IGrainWithStringKey
{
    Task RegisterCenterAsync(string centerId);

    Task UpdateCenterAsync(CenterSummary summary);

    Task<TrialSummary> GetSummaryAsync();
}

/// <summary>One center's counts in a trial summary: no patient identifiers and no patient-level rows.</summary>
[GenerateSerializer, Immutable]
public sealed record CenterCounts(
    [property: Id(0)] string CenterId,
    [property: Id(1)] int PatientsEnrolled,
    [property: Id(2)] int PatientsInRiskWindow,
    [property: Id(3)] IReadOnlyDictionary<string, int> OpenAlertsBySeverity,
    [property: Id(4)] IReadOnlyDictionary<int, int> CrsMaxGradeDistribution,
    [property: Id(5)] IReadOnlyDictionary<int, int> IcansMaxGradeDistribution);

/// <summary><c>trialSummary</c> on the hub.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialSummary(
    [property: Id(0)] string TrialId,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] IReadOnlyList<CenterCounts> Centers);
