using TrialMonitor.Safety.Records;
using TrialMonitor.Safety.Statistics;

namespace TrialMonitor.Safety.Report;

/// <summary>Builds the safety report from per-patient records: a pure function of the records, the cut and the options.</summary>
public static class SafetyReportBuilder
{
    private const double DaysPerYear = 365.25;

    public const string InfectionEndpoint = "febrile-neutropenia-as-infection-proxy";
    public const string SeriousEndpoint = "serious-adverse-event";

    public static SafetyReport Build(string trialId, DateTimeOffset asOf, IEnumerable<PatientSafetyRecord> records, SafetyReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        options ??= SafetyReportOptions.Default;
        // A fixed order, so that sums come out the same bit for bit however the records were gathered.
        var infused = records.Where(r => r.InfusionAt <= asOf)
            .OrderBy(r => r.CenterId, StringComparer.Ordinal).ThenBy(r => r.InfusionAt).ThenBy(r => r.ToString(), StringComparer.Ordinal).ToArray();
        var context = new Context(asOf, options);

        var trial = Group(context, "trial", trialId, infused, infused);
        var byCenter = infused.GroupBy(r => r.CenterId).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Group(context, "center", g.Key, [.. g], infused)).ToArray();
        var byIndication = infused.GroupBy(r => r.Indication ?? "unspecified").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Group(context, "indication", g.Key, [.. g], null)).ToArray();
        var byCohort = infused.GroupBy(r => $"{r.Product ?? "unspecified"} / {r.DoseCohort ?? "unspecified"}").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Group(context, "product-dose", g.Key, [.. g], null)).ToArray();

        var stopping = options.StoppingRules.Select(rule => Stopping(context, rule, infused)).ToArray();
        var comparison = options.ReferenceRates.Select(reference =>
        {
            var row = Incidence(reference.Endpoint, infused, context);
            var verdict = row.Patients == 0 ? "no patients"
                : row.Lower > reference.High ? "above the reference range"
                : row.Upper < reference.Low ? "below the reference range"
                : "consistent with the reference range";
            return new ReferenceComparison(reference.Endpoint, row.Events, row.Patients, row.Proportion, row.Lower, row.Upper, reference.Low, reference.High, reference.Basis, verdict);
        }).ToArray();

        return new SafetyReport(
            trialId,
            new DataCut(asOf, "observations effective and received at or before asOf; deaths reported at or before asOf with a time of death at or before it"),
            new ReportSettings((int)options.Window.TotalDays, (int)options.LateWindow.TotalDays, options.Confidence, options.OnsetDays),
            trial, byCenter, byIndication, byCohort, stopping, comparison, Sources);
    }

    /// <summary>Whether a record counts for an endpoint (each patient once, by the worst grade in the window).</summary>
    public static bool Has(PatientSafetyRecord record, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(record);
        var crs = record.Crs?.MaxGrade ?? 0;
        var icans = record.Icans?.MaxGrade ?? 0;
        return endpoint switch
        {
            SafetyEndpoints.CrsAny => crs >= 1,
            SafetyEndpoints.CrsGrade2Plus => crs >= 2,
            SafetyEndpoints.CrsGrade3Plus => crs >= 3,
            SafetyEndpoints.IcansAny => icans >= 1,
            SafetyEndpoints.IcansGrade3Plus => icans >= 3,
            SafetyEndpoints.CrsOrIcansGrade3Plus => crs >= 3 || icans >= 3,
            SafetyEndpoints.FebrileNeutropenia => record.FebrileNeutropeniaAt is not null,
            SafetyEndpoints.IecHs => record.IecHsAt is not null,
            SafetyEndpoints.IcahtGrade3Plus => record.IcahtGrade >= 3,
            // Febrile neutropenia is grade 3 or worse by its CTCAE definition; IEC-HS counts once graded 3 or 4.
            SafetyEndpoints.AnyGrade3Plus => crs >= 3 || icans >= 3 || record.IcahtGrade >= 3 || record.FebrileNeutropeniaAt is not null || record.IecHsGrade >= 3,
            _ when endpoint.StartsWith("crs-grade-", StringComparison.Ordinal) => crs == int.Parse(endpoint["crs-grade-".Length..], System.Globalization.CultureInfo.InvariantCulture),
            _ when endpoint.StartsWith("icans-grade-", StringComparison.Ordinal) => icans == int.Parse(endpoint["icans-grade-".Length..], System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new ArgumentException($"unknown endpoint '{endpoint}'", nameof(endpoint)),
        };
    }

    /// <summary>The incidence rows of every group, in this order.</summary>
    public static IReadOnlyList<string> IncidenceEndpoints { get; } =
    [
        "crs-grade-1", "crs-grade-2", "crs-grade-3", "crs-grade-4", SafetyEndpoints.CrsAny, SafetyEndpoints.CrsGrade2Plus, SafetyEndpoints.CrsGrade3Plus,
        "icans-grade-1", "icans-grade-2", "icans-grade-3", "icans-grade-4", SafetyEndpoints.IcansAny, SafetyEndpoints.IcansGrade3Plus,
        SafetyEndpoints.CrsOrIcansGrade3Plus, SafetyEndpoints.FebrileNeutropenia, SafetyEndpoints.IecHs, SafetyEndpoints.IcahtGrade3Plus, SafetyEndpoints.AnyGrade3Plus,
    ];

    public static IReadOnlyList<CountSource> Sources { get; } =
    [
        new("crs, icans", "graded by the clinical engine (ASTCT, rules.md 1–2) from the observation log replayed up to the data cut; worst grade of episodes with onset in the window"),
        new(SafetyEndpoints.FebrileNeutropenia, "IDSA febrile neutropenia met by the engine (rules.md 3), first time in the window"),
        new(SafetyEndpoints.IecHs, "IEC-HS suspected from labs by the engine (rules.md 4; criteria recalled, not verified, rules.md 13.4); graded only once a treatment is recorded"),
        new(SafetyEndpoints.IcahtGrade3Plus, "early ICAHT grade (days 0–30, rules.md 5.1), provisional until day 30"),
        new(InfectionEndpoint, "PROXY: the contract carries no infection diagnoses or cultures; febrile neutropenia stands in for infection and is labelled so. Not a count of infections"),
        new(SeriousEndpoint, "first event meeting the SAE criteria (rules.md 10.3: grade ≥ 3 CRS/ICANS, IEC-HS, grade 4 ICAHT) judged on the replayed data, or a death reported through the API; from the same criteria that open SAE drafts, not from the drafts' wall-clock awareness times"),
    ];

    private sealed record Context(DateTimeOffset AsOf, SafetyReportOptions Options);

    private static GroupReport Group(Context context, string dimension, string group, PatientSafetyRecord[] records, PatientSafetyRecord[]? everyone)
    {
        var options = context.Options;
        var exposure = records.Sum(r => ExposureDays(r, r.DiedAt, options.Window, context.AsOf));
        var lateExposure = records.Sum(r => ExposureDays(r, r.DiedAt, options.LateWindow, context.AsOf));
        var incidence = IncidenceEndpoints.Select(e => Incidence(e, records, context)).ToArray();

        var others = everyone is null || dimension != "center" ? null : everyone.Where(r => r.CenterId != group).ToArray();
        var rates = new[]
        {
            Rate(context, InfectionEndpoint, "febrile neutropenia (proxy)", records, others, r => r.FebrileNeutropeniaAt, options.Window),
            Rate(context, SeriousEndpoint, "SAE criteria on replayed data, and reported deaths", records, others, r => r.FirstSeriousEventAt, options.LateWindow),
        };

        var onset = new[]
        {
            Onset(context, "crs", records, r => r.Crs?.OnsetAt),
            Onset(context, "icans", records, r => r.Icans?.OnsetAt),
        };
        var duration = new[] { Duration("crs", records.Select(r => r.Crs)), Duration("icans", records.Select(r => r.Icans)) };
        return new GroupReport(dimension, group, records.Length, exposure, lateExposure, incidence, rates, onset, duration);
    }

    private static IncidenceRow Incidence(string endpoint, PatientSafetyRecord[] records, Context context)
    {
        var events = records.Count(r => Has(r, endpoint));
        var ci = ClopperPearson.Interval(events, records.Length, context.Options.Confidence);
        return new IncidenceRow(endpoint, events, records.Length, records.Length == 0 ? null : ci.Estimate, ci.Lower, ci.Upper);
    }

    /// <summary>Days at risk from infusion to the event, death, the end of the window or the cut, whichever comes first.</summary>
    private static double ExposureDays(PatientSafetyRecord record, DateTimeOffset? stopAt, TimeSpan window, DateTimeOffset asOf)
    {
        var end = record.InfusionAt + window;
        if (asOf < end) end = asOf;
        if (stopAt is { } stop && stop < end) end = stop;
        if (record.DiedAt is { } died && died < end) end = died;
        return Math.Max(0, (end - record.InfusionAt).TotalDays);
    }

    private static RateRow Rate(Context context, string endpoint, string source, PatientSafetyRecord[] records, PatientSafetyRecord[]? others, Func<PatientSafetyRecord, DateTimeOffset?> eventAt, TimeSpan window)
    {
        (int Events, double Years) Count(IEnumerable<PatientSafetyRecord> group)
        {
            var events = 0;
            var days = 0.0;
            foreach (var record in group)
            {
                var at = eventAt(record);
                var counted = at is { } a && a <= record.InfusionAt + window && a <= context.AsOf;
                if (counted) events++;
                days += ExposureDays(record, counted ? at : null, window, context.AsOf);
            }

            return (events, days / DaysPerYear);
        }

        var (x, years) = Count(records);
        var rate = PoissonRate.Rate(x, years, context.Options.Confidence);
        double? p = null;
        if (others is { Length: > 0 })
        {
            var (xOthers, yearsOthers) = Count(others);
            if (years > 0 && yearsOthers > 0) p = PoissonRate.CompareOneSided(x, years, xOthers, yearsOthers);
        }

        return years == 0
            ? new RateRow(endpoint, source, x, 0, null, null, null, p)
            : new RateRow(endpoint, source, x, years, rate.PerHundredPatientYears, rate.Lower, rate.Upper, p);
    }

    private static OnsetRow Onset(Context context, string toxicity, PatientSafetyRecord[] records, Func<PatientSafetyRecord, DateTimeOffset?> onsetAt)
    {
        var subjects = records.Select(r => onsetAt(r) is { } at
            ? new TimeToEvent((at - r.InfusionAt).TotalDays, true)
            : new TimeToEvent(ExposureDays(r, null, context.Options.Window, context.AsOf), false)).ToArray();
        var km = new KaplanMeier(subjects);
        var cases = subjects.Where(s => s.Event).Select(s => s.Days).ToArray();
        return new OnsetRow(toxicity, km.Events, km.Subjects,
            context.Options.OnsetDays.Select(d => new CumulativeIncidencePoint(d, km.CumulativeIncidence(d))).ToArray(),
            cases.Length == 0 ? null : Quartiles.Of(cases).Median);
    }

    private static DurationRow Duration(string toxicity, IEnumerable<ToxicityCourse?> courses)
    {
        var all = courses.OfType<ToxicityCourse>().ToArray();
        var resolved = all.Where(c => c.ResolvedAt is not null).Select(c => (c.ResolvedAt!.Value - c.OnsetAt).TotalDays).ToArray();
        var summary = Quartiles.Of(resolved);
        return new DurationRow(toxicity, resolved.Length, all.Length - resolved.Length, summary.Median, summary.LowerQuartile, summary.UpperQuartile);
    }

    private static StoppingRuleStatus Stopping(Context context, StoppingRuleOptions rule, PatientSafetyRecord[] infused)
    {
        // Evaluable: the event happened, or the whole window was observed, or the patient died; a patient infused
        // yesterday without an event is not yet evidence of safety.
        var evaluable = infused.Where(r => Has(r, rule.Endpoint) || r.InfusionAt + context.Options.Window <= context.AsOf || r.DiedAt is not null).ToArray();
        var n = evaluable.Length;
        var x = evaluable.Count(r => Has(r, rule.Endpoint));
        var posterior = BetaBinomialMonitor.PosteriorExceedance(x, n, rule.Benchmark, rule.Prior);
        var boundaries = BetaBinomialMonitor.BoundaryTable(Math.Max(context.Options.BoundaryTableUpTo, n), rule.Benchmark, rule.Prior, rule.PosteriorThreshold);
        var stopAt = n == 0 ? null : boundaries[n - 1];
        var sprt = new Sprt(rule.P0, rule.P1, rule.SprtAlpha, rule.SprtBeta);
        var status = sprt.Status(x, n);
        var table = boundaries.Select((b, i) => new BoundaryEntry(i + 1, b)).ToArray();
        return new StoppingRuleStatus(rule.Endpoint, n, x, rule.Benchmark, rule.Prior.A, rule.Prior.B, rule.PosteriorThreshold, posterior, stopAt,
            n > 0 && posterior >= rule.PosteriorThreshold,
            new SprtReport(sprt.P0, sprt.P1, sprt.Alpha, sprt.Beta, status.LogLikelihoodRatio, sprt.LnA, sprt.LnB,
                status.Decision.ToString().ToLowerInvariant(), status.FlagAtEvents, status.ReassureAtEvents),
            table);
    }
}
