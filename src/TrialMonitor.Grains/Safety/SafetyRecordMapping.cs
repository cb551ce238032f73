using TrialMonitor.Contracts.Safety;
using TrialMonitor.Safety.Records;

namespace TrialMonitor.Grains.Safety;

/// <summary>Between the pure safety records and their serializable form.</summary>
public static class SafetyRecordMapping
{
    public static SafetyRecordData ToData(PatientSafetyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new SafetyRecordData
        {
            CenterId = record.CenterId, Indication = record.Indication, Product = record.Product, DoseCohort = record.DoseCohort,
            InfusionAt = record.InfusionAt, Crs = ToData(record.Crs), Icans = ToData(record.Icans),
            FebrileNeutropeniaAt = record.FebrileNeutropeniaAt, IecHsAt = record.IecHsAt, IecHsGrade = record.IecHsGrade,
            IcahtGrade = record.IcahtGrade, IcahtOnsetAt = record.IcahtOnsetAt, DiedAt = record.DiedAt, FirstSeriousEventAt = record.FirstSeriousEventAt,
        };
    }

    public static PatientSafetyRecord FromData(SafetyRecordData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new PatientSafetyRecord
        {
            CenterId = data.CenterId, Indication = data.Indication, Product = data.Product, DoseCohort = data.DoseCohort,
            InfusionAt = data.InfusionAt, Crs = FromData(data.Crs), Icans = FromData(data.Icans),
            FebrileNeutropeniaAt = data.FebrileNeutropeniaAt, IecHsAt = data.IecHsAt, IecHsGrade = data.IecHsGrade,
            IcahtGrade = data.IcahtGrade, IcahtOnsetAt = data.IcahtOnsetAt, DiedAt = data.DiedAt, FirstSeriousEventAt = data.FirstSeriousEventAt,
        };
    }

    private static ToxicityCourseData? ToData(ToxicityCourse? course) => course is null ? null : new(course.MaxGrade, course.OnsetAt, course.ResolvedAt);

    private static ToxicityCourse? FromData(ToxicityCourseData? course) => course is null ? null : new(course.MaxGrade, course.OnsetAt, course.ResolvedAt);
}
