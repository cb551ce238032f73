using TrialMonitor.Clinical.Sae;
using TrialMonitor.Clinical.Alerts;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.Safety.Records;

/// <summary>Who a patient is for the report's breakdowns; no identifier.</summary>
public sealed record PatientCohort(string CenterId, string? Indication, string? Product, string? DoseCohort);

/// <summary>Derives a patient's safety record from the clinical engine's timeline as of a data cut.</summary>
public static class SafetyRecords
{
    /// <summary>
    /// The record as of <paramref name="asOf"/>. The timeline must hold only what was known at the cut (observations
    /// effective and received by then); the engine judges it at the cut, and toxicities count when their onset falls in
    /// the monitoring window (the late window for serious events).
    /// </summary>
    public static PatientSafetyRecord FromTimeline(PatientTimeline timeline, PatientCohort cohort, DateTimeOffset asOf, DateTimeOffset? diedAt, SafetyReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(cohort);
        options ??= SafetyReportOptions.Default;
        var infusionAt = timeline.Profile.InfusionAt;
        var windowEnd = infusionAt + options.Window;
        var lateEnd = infusionAt + options.LateWindow;
        var at = asOf < infusionAt ? infusionAt : asOf;
        var assessment = timeline.Assess(at);
        if (diedAt > asOf) diedAt = null;

        var crsEpisodes = assessment.Crs.Episodes.Where(e => e.OnsetAt <= windowEnd).ToArray();
        var crs = crsEpisodes.Length == 0 ? null : new ToxicityCourse(crsEpisodes.Max(e => e.MaxGrade), crsEpisodes[0].OnsetAt, crsEpisodes[0].ResolvedAt);
        var icans = assessment.Icans is { OnsetAt: { } icansOnset, MaxGrade: > 0 } i && icansOnset <= windowEnd
            ? new ToxicityCourse(i.MaxGrade, icansOnset, i.ResolvedAt) : null;
        var fn = assessment.FebrileNeutropenia.FirstMetAt is { } fnAt && fnAt <= windowEnd ? fnAt : (DateTimeOffset?)null;
        var iecHs = assessment.IecHs.SuspectedAt is { } iecAt && iecAt <= windowEnd ? iecAt : (DateTimeOffset?)null;
        var early = assessment.Icaht.Early;
        var icahtOnset = early.SevereNeutropeniaFromDay is { } day ? infusionAt.AddDays(day) : (DateTimeOffset?)null;

        // The first event meeting the SAE criteria in the late window, by the same criteria that open SAE drafts.
        var serious = new List<DateTimeOffset>();
        foreach (var episode in assessment.Crs.Episodes.Where(e => SaeCriteria.Trigger(AlertKinds.Crs, e.MaxGrade) && e.MaxGradeAt is not null))
            serious.Add(episode.MaxGradeAt!.Value);
        if (SaeCriteria.Trigger(AlertKinds.Icans, assessment.Icans.MaxGrade) && assessment.Icans.MaxGradeAt is { } icansMaxAt) serious.Add(icansMaxAt);
        if (assessment.IecHs.SuspectedAt is { } suspected && SaeCriteria.Trigger(AlertKinds.IecHs, assessment.IecHs.Grade)) serious.Add(suspected);
        if (SaeCriteria.Trigger(AlertKinds.Icaht, assessment.Icaht.Grade) && icahtOnset is { } icahtAt) serious.Add(icahtAt);
        if (diedAt is { } died) serious.Add(died);
        var firstSerious = serious.Where(t => t <= lateEnd && t <= asOf).Order().Cast<DateTimeOffset?>().FirstOrDefault();

        return new PatientSafetyRecord
        {
            CenterId = cohort.CenterId,
            Indication = cohort.Indication,
            Product = cohort.Product,
            DoseCohort = cohort.DoseCohort,
            InfusionAt = infusionAt,
            Crs = crs,
            Icans = icans,
            FebrileNeutropeniaAt = fn,
            IecHsAt = iecHs,
            IecHsGrade = iecHs is null ? null : assessment.IecHs.Grade,
            IcahtGrade = early.Grade,
            IcahtOnsetAt = icahtOnset,
            DiedAt = diedAt,
            FirstSeriousEventAt = firstSerious,
        };
    }
}
