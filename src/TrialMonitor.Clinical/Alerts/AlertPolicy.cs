namespace TrialMonitor.Clinical.Alerts;

/// <summary>
/// What a patient assessment asks of the on-call team (rules.md 10.3): one condition per kind that warrants an
/// alert now, with its severity and the readings that set it. Pure: the grains decide about de-duplication.
/// </summary>
public static class AlertPolicy
{
    public static IReadOnlyList<AlertCondition> Evaluate(PatientAssessment assessment, AlertPolicyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        options ??= AlertPolicyOptions.Default;
        var conditions = new List<AlertCondition>(4);

        // The episode's grade is the highest since it opened (rules.md 1.3 R5), so a batch that arrives after a
        // transient peak alerts at the peak, as observations arriving one by one would have.
        var crs = assessment.Crs;
        var (crsGrade, crsReadings) = CrsEpisodeGrade(crs);
        if (crsGrade >= 1)
        {
            conditions.Add(new(AlertKinds.Crs, crsGrade, crsGrade,
                crsGrade >= options.CrsEmergencyFromGrade ? AlertSeverities.Emergency : AlertSeverities.Urgent,
                Describe($"CRS grade {crsGrade} (provisional)", Readings.ReadingText.Compose(crsReadings)), Latest(crsReadings)));
        }

        var icans = assessment.Icans;
        if (icans.Grade >= 1)
        {
            conditions.Add(new(AlertKinds.Icans, icans.Grade, icans.Grade,
                icans.Grade >= options.IcansEmergencyFromGrade ? AlertSeverities.Emergency : AlertSeverities.Urgent,
                Describe($"ICANS grade {icans.Grade}", icans.Reason), Latest(icans.Readings)));
        }

        // FN at any CRS grade: page the CAR-T physician on call (rules.md 10.3).
        var neutropenia = assessment.FebrileNeutropenia;
        if (neutropenia.Active)
        {
            conditions.Add(new(AlertKinds.FebrileNeutropenia, 1, null, AlertSeverities.Emergency,
                Describe($"febrile neutropenia ({neutropenia.Definition})", neutropenia.Reason), Latest(neutropenia.Readings)));
        }

        var news2 = assessment.News2;
        if (news2.Total is { } total)
        {
            var severity = total >= options.News2EmergencyFromTotal ? AlertSeverities.Emergency
                : total >= options.News2UrgentFromTotal || news2.SingleRedParameter ? AlertSeverities.Urgent
                : null;
            if (severity is not null)
            {
                // Rank by response tier, not by total, so that a total moving within a tier does not page again.
                var tier = severity == AlertSeverities.Emergency ? 3 : total >= options.News2UrgentFromTotal ? 2 : 1;
                conditions.Add(new(AlertKinds.News2, tier, total, severity,
                    Describe($"NEWS2 {total} ({news2.Band})", news2.Reason), Latest(news2.Components.Select(c => c.Reading))));
            }
        }

        var iecHs = assessment.IecHs;
        if (iecHs.Suspected)
        {
            conditions.Add(new(AlertKinds.IecHs, iecHs.Grade ?? 1, iecHs.Grade, AlertSeverities.Urgent,
                Describe(iecHs.Grade is { } grade ? $"IEC-HS grade {grade}" : "IEC-HS suspected (grade needs the treatment given)", iecHs.Reason),
                Latest(iecHs.Readings)));
        }

        var icaht = assessment.Icaht;
        if (icaht.Grade >= options.IcahtAlertFromGrade)
        {
            conditions.Add(new(AlertKinds.Icaht, icaht.Grade, icaht.Grade, AlertSeverities.Urgent,
                Describe($"ICAHT grade {icaht.Grade}{(icaht.Provisional ? " (provisional)" : "")}", icaht.Reason), Latest(icaht.Readings)));
        }

        var qsofa = assessment.Qsofa;
        if (options.AlertOnQsofa && qsofa.Flag)
        {
            conditions.Add(new(AlertKinds.Qsofa, qsofa.Score, qsofa.Score, AlertSeverities.Emergency,
                Describe($"qSOFA {qsofa.Score} with fever: evaluate for sepsis", qsofa.Reason), Latest(qsofa.Readings)));
        }

        var missing = assessment.MissingData;
        if (missing.VitalSignsOverdue)
            conditions.Add(new(AlertKinds.MissingData, 1, null, AlertSeverities.Info, missing.Reason, missing.OverdueSince));

        return conditions;
    }

    private static (int Grade, IReadOnlyList<Readings.Reading> Readings) CrsEpisodeGrade(Rules.Crs.CrsAssessment crs)
    {
        if (!crs.EpisodeOpen || crs.Episodes.Count == 0) return (crs.Grade, crs.Readings);
        var episode = crs.Episodes[^1];
        if (episode.MaxGrade <= crs.Grade) return (crs.Grade, crs.Readings);
        // The peak of this episode is the peak since infusion when it happened after the episode opened.
        var peakReadings = crs.MaxGradeAt >= episode.OnsetAt && crs.MaxGrade == episode.MaxGrade ? crs.MaxGradeReadings : crs.Readings;
        return (episode.MaxGrade, peakReadings);
    }

    private static string Describe(string headline, string readings) =>
        string.IsNullOrWhiteSpace(readings) ? headline : $"{headline}: {readings}";

    private static DateTimeOffset? Latest(IEnumerable<Readings.Reading> readings)
    {
        DateTimeOffset? latest = null;
        foreach (var reading in readings)
        {
            if (latest is null || reading.EffectiveAt > latest) latest = reading.EffectiveAt;
        }

        return latest;
    }
}
