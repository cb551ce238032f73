using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Safety;

namespace TrialMonitor.Contracts.Trials;

/// <summary>One trial across its centers: de-identified summaries for sponsors.</summary>
public interface ITrialGrain : IGrainWithStringKey
{
    Task RegisterCenterAsync(string centerId);

    Task UpdateCenterAsync(CenterSummary summary);

    Task<TrialSummary> GetSummaryAsync();

    /// <summary>
    /// Adds the patient to the trial's durable roster, with the time of enrolment (a report for an earlier cut leaves it
    /// out); completes once a roster write carrying the patient is stored. Interleaved: concurrent enrolments share writes.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task RegisterPatientAsync(string patientId);

    /// <summary>
    /// Every patient's safety record as of <paramref name="asOf"/>: only observations effective and received by then,
    /// and deaths reported by then, count. Fans out to the patients in parallel; settled cuts are cached.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<SafetySnapshot> GetSafetySnapshotAsync(DateTimeOffset asOf);

    /// <summary>Evaluates the stopping rules on the live report if the last evaluation is older than the check interval; raises a signal per new crossing.</summary>
    [Orleans.Concurrency.OneWay, Orleans.Concurrency.AlwaysInterleave]
    Task CheckSafetyAsync();

    /// <summary>Evaluates the stopping rules on the live report now.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<SafetySignal>> EvaluateSafetyAsync();

    [Orleans.Concurrency.AlwaysInterleave]
    Task<IReadOnlyList<SafetySignal>> GetSafetySignalsAsync();
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
