using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Readings;
using TrialMonitor.Clinical.Timeline;
using TrialMonitor.Contracts.Patients;

namespace TrialMonitor.Grains.Patients;

/// <summary>Turns a patient's timeline into what the dashboards draw: series, treatments, the grade track, episodes.</summary>
internal static class TimelineViews
{
    private static readonly Parameter[] TreatmentParameters = [Parameter.Vasopressors, Parameter.OxygenDevice, Parameter.FluidBolus, Parameter.Medication];

    // The catalog's label and display unit for each numeric parameter (several temperature codes share one series).
    private static readonly Dictionary<Parameter, ObservationDefinition> NumericDefinitions = ObservationCatalog.Default.Definitions
        .Where(d => d.Kind is ValueKind.Quantity or ValueKind.Score && !TreatmentParameters.Contains(d.Parameter))
        .GroupBy(d => d.Parameter)
        .ToDictionary(g => g.Key, g => g.OrderBy(d => d.TemperatureSite).First());

    public static PatientTimelineView Build(string patientId, Enrolment enrolment, PatientTimeline timeline, DateTimeOffset from, bool withGrades)
    {
        var inWindow = timeline.Observations.Where(o => o.EffectiveAt >= from).ToArray();
        var series = inWindow
            .Where(o => NumericDefinitions.ContainsKey(o.Parameter))
            .GroupBy(o => o.Parameter)
            .OrderBy(g => g.Key)
            .Select(g => new TimelineSeries(Key(g.Key), NumericDefinitions[g.Key].Label, NumericDefinitions[g.Key].DisplayUnit,
                g.Select(o => new TimelinePoint(o.EffectiveAt, o.Quantity)).ToArray()))
            .ToArray();
        var treatments = inWindow
            .Where(o => TreatmentParameters.Contains(o.Parameter))
            .Select(o => new TimelineTreatment(o.EffectiveAt, TreatmentKind(o.Parameter), ReadingText.Describe(o),
                o.Parameter == Parameter.Medication && o.MedicationClasses != MedicationClass.None ? o.MedicationClasses.ToString() : null))
            .ToArray();

        var view = new PatientTimelineView
        {
            PatientId = patientId,
            CenterId = enrolment.CenterId,
            TrialId = enrolment.TrialId,
            InfusionAt = enrolment.InfusionAt,
            From = from,
            NewestAt = timeline.NewestEffectiveAt,
            Series = series,
            Treatments = treatments,
        };
        return withGrades ? WithGrades(view, timeline, from) : view;
    }

    /// <summary>
    /// Replays the timeline in effective-time order into a fresh one (appends are its cheap path) and notes the grades
    /// at every instant where one changed; the first point in the window carries the state it opens with.
    /// </summary>
    private static PatientTimelineView WithGrades(PatientTimelineView view, PatientTimeline timeline, DateTimeOffset from)
    {
        var replay = new PatientTimeline(timeline.Profile, timeline.Options);
        var grades = new List<GradePoint>();
        GradePoint? last = null;
        foreach (var instant in timeline.Observations.GroupBy(o => o.EffectiveAt))
        {
            foreach (var observation in instant) replay.Add(observation);
            if (instant.Key < from) continue;
            var assessment = replay.Assess();
            var point = new GradePoint(instant.Key, assessment.Crs.Grade, assessment.Icans.Grade, assessment.News2.Total);
            if (last is null || last.Crs != point.Crs || last.Icans != point.Icans || last.News2 != point.News2) grades.Add(point);
            last = point;
        }

        var current = timeline.Assess();
        var crsEpisodes = current.Crs.Episodes
            .Where(e => e.ResolvedAt is null || e.ResolvedAt >= from)
            .Select(e => new GradeEpisode(e.OnsetAt, e.ResolvedAt, e.MaxGrade))
            .ToArray();
        return view with { Grades = grades, CrsEpisodes = crsEpisodes, IcansEpisodes = IcansEpisodes(grades) };
    }

    /// <summary>ICANS has no resolution rule of its own: an episode here is a run of instants graded above 0.</summary>
    private static GradeEpisode[] IcansEpisodes(IReadOnlyList<GradePoint> grades)
    {
        var episodes = new List<GradeEpisode>();
        DateTimeOffset? start = null;
        var max = 0;
        foreach (var point in grades)
        {
            if (point.Icans > 0)
            {
                start ??= point.At;
                max = Math.Max(max, point.Icans);
            }
            else if (start is { } began)
            {
                episodes.Add(new GradeEpisode(began, point.At, max));
                start = null;
                max = 0;
            }
        }

        if (start is { } open) episodes.Add(new GradeEpisode(open, null, max));
        return [.. episodes];
    }

    private static string Key(Parameter parameter)
    {
        var name = parameter.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static string TreatmentKind(Parameter parameter) => parameter switch
    {
        Parameter.Vasopressors => "vasopressors",
        Parameter.OxygenDevice => "oxygen-device",
        Parameter.FluidBolus => "fluid-bolus",
        _ => "medication",
    };
}
