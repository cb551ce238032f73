using TrialMonitor.Clinical.Rules.CarHematotox;
using TrialMonitor.Clinical.Rules.Crs;
using TrialMonitor.Clinical.Rules.Easix;
using TrialMonitor.Clinical.Rules.FebrileNeutropenia;
using TrialMonitor.Clinical.Rules.Icaht;
using TrialMonitor.Clinical.Rules.Icans;
using TrialMonitor.Clinical.Rules.IecHs;
using TrialMonitor.Clinical.Rules.MissingData;
using TrialMonitor.Clinical.Rules.News2;

namespace TrialMonitor.Clinical;

/// <summary>Everything the rules say about one patient at one moment. Each part names the readings that set it.</summary>
public sealed record PatientAssessment(
    DateTimeOffset AsOf,
    int DayPostInfusion,
    CrsAssessment Crs,
    IcansAssessment Icans,
    FebrileNeutropeniaAssessment FebrileNeutropenia,
    QsofaAssessment Qsofa,
    News2Assessment News2,
    IcahtAssessment Icaht,
    CarHematotoxAssessment CarHematotox,
    EasixAssessment Easix,
    IecHsAssessment IecHs,
    MissingDataAssessment MissingData);
