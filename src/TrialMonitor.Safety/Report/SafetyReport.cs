namespace TrialMonitor.Safety.Report;

/// <summary>
/// The safety board's report for one trial at one data cut: aggregates only, no patient identifier. Numbers that
/// cannot be computed (no patients, no exposure) are null rather than NaN.
/// </summary>
public sealed record SafetyReport(
    string TrialId,
    DataCut DataCut,
    ReportSettings Settings,
    GroupReport Trial,
    IReadOnlyList<GroupReport> ByCenter,
    IReadOnlyList<GroupReport> ByIndication,
    IReadOnlyList<GroupReport> ByCohort,
    IReadOnlyList<StoppingRuleStatus> StoppingRules,
    IReadOnlyList<ReferenceComparison> ReferenceComparison,
    IReadOnlyList<CountSource> Sources);

/// <summary>The data cut: only observations effective and received at or before <see cref="AsOf"/> count.</summary>
public sealed record DataCut(DateTimeOffset AsOf, string Rule);

public sealed record ReportSettings(int WindowDays, int LateWindowDays, double Confidence, IReadOnlyList<int> OnsetDays);

/// <summary>One group's tables: the whole trial, a center, an indication or a product/dose cohort.</summary>
public sealed record GroupReport(
    string Dimension,
    string Group,
    int PatientsInfused,
    double ExposurePatientDays,
    double LateExposurePatientDays,
    IReadOnlyList<IncidenceRow> Incidence,
    IReadOnlyList<RateRow> Rates,
    IReadOnlyList<OnsetRow> Onset,
    IReadOnlyList<DurationRow> Duration);

/// <summary>Patients with the event (by worst grade) among those infused, with the exact Clopper-Pearson interval.</summary>
public sealed record IncidenceRow(string Endpoint, int Events, int Patients, double? Proportion, double Lower, double Upper);

/// <summary>An exposure-adjusted incidence rate per 100 patient-years with the exact Poisson interval.</summary>
public sealed record RateRow(
    string Endpoint,
    string Source,
    int Events,
    double PatientYears,
    double? PerHundredPatientYears,
    double? Lower,
    double? Upper,
    double? OneSidedPAboveOtherCenters);

public sealed record CumulativeIncidencePoint(int Day, double CumulativeIncidence);

/// <summary>Kaplan-Meier time to first onset from infusion, read as cumulative incidence.</summary>
public sealed record OnsetRow(string Toxicity, int Cases, int AtRisk, IReadOnlyList<CumulativeIncidencePoint> CumulativeIncidence, double? MedianOnsetDayAmongCases);

/// <summary>Duration of the first episode among resolved cases, in days.</summary>
public sealed record DurationRow(string Toxicity, int Resolved, int Ongoing, double? MedianDays, double? LowerQuartileDays, double? UpperQuartileDays);

public sealed record BoundaryEntry(int Patients, int? StopAtEvents);

public sealed record SprtReport(
    double P0, double P1, double Alpha, double Beta, double LogLikelihoodRatio, double LnA, double LnB, string Decision, int? FlagAtEvents, int? ReassureAtEvents);

/// <summary>
/// A stopping rule on the trial's evaluable patients (an event, or the whole window observed, or died): the
/// beta-binomial posterior against the benchmark with its boundary b(n), and Wald's SPRT.
/// </summary>
public sealed record StoppingRuleStatus(
    string Endpoint,
    int EvaluablePatients,
    int Events,
    double Benchmark,
    double PriorA,
    double PriorB,
    double Threshold,
    double PosteriorProbability,
    int? StopAtEvents,
    bool Crossed,
    SprtReport Sprt,
    IReadOnlyList<BoundaryEntry> BoundaryTable);

/// <summary>The trial's observed rate against the published range (rules.md 11.3).</summary>
public sealed record ReferenceComparison(
    string Endpoint, int Events, int Patients, double? Proportion, double Lower, double Upper, double ReferenceLow, double ReferenceHigh, string Basis, string Verdict);

/// <summary>Where a count comes from, so that nobody mistakes a proxy for the real thing.</summary>
public sealed record CountSource(string Endpoint, string Source);
