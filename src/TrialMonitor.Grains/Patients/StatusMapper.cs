using TrialMonitor.Clinical;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Centers;
using TrialMonitor.Contracts.Patients;

namespace TrialMonitor.Grains.Patients;

/// <summary>Maps the engine's assessment to the contract's status and to the center's summary row.</summary>
internal static class StatusMapper
{
    public static PatientStatus ToStatus(string patientId, Enrolment enrolment, PatientAssessment a, int observationCount, DateTimeOffset? assessedAt, IReadOnlyList<Alert> openAlerts) => new()
    {
        PatientId = patientId,
        CenterId = enrolment.CenterId,
        TrialId = enrolment.TrialId,
        InfusionAt = enrolment.InfusionAt,
        DayPostInfusion = a.DayPostInfusion,
        AssessedAt = assessedAt,
        Crs = new CrsStatus(a.Crs.Grade, a.Crs.MaxGrade, a.Crs.EpisodeOpen, a.Crs.OnsetAt, a.Crs.FeverMasked, a.Crs.Reason),
        Icans = new IcansStatus(a.Icans.Grade, a.Icans.MaxGrade, a.Icans.Reason),
        FebrileNeutropenia = new FebrileNeutropeniaStatus(a.FebrileNeutropenia.Active, a.FebrileNeutropenia.Met, a.FebrileNeutropenia.FirstMetAt,
            a.FebrileNeutropenia.Definition, a.FebrileNeutropenia.Reason),
        News2 = new News2Status(a.News2.Total, a.News2.Band, a.News2.SingleRedParameter, a.News2.PartialTotal,
            a.News2.Missing.Select(m => m.ToString()).ToArray(), a.News2.Reason),
        Icaht = new IcahtStatus(a.Icaht.Grade, a.Icaht.Provisional, a.Icaht.Reason),
        IecHs = new IecHsStatus(a.IecHs.Suspected, a.IecHs.Grade, a.IecHs.Reason),
        Easix = new EasixStatus(a.Easix.Latest.Easix, a.Easix.Latest.ModifiedEasix, a.Easix.Latest.Elevated),
        CarHematotox = new CarHematotoxStatus(a.CarHematotox.Score, a.CarHematotox.Risk),
        ObservationCount = observationCount,
        OpenAlerts = openAlerts,
    };

    public static PatientSummary ToSummary(string patientId, Enrolment enrolment, PatientAssessment a) => new(
        patientId, enrolment.TrialId, enrolment.InfusionAt,
        a.Crs.Grade, a.Crs.MaxGrade, a.Icans.Grade, a.Icans.MaxGrade,
        a.FebrileNeutropenia.Active, a.News2.Total, a.Icaht.Grade, a.MissingData.LastVitalSignAt);
}
