using TrialMonitor.Clinical;
using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Timeline;
using TrialMonitor.Simulation.Generation;

namespace TrialMonitor.Simulation.Tests.Support;

/// <summary>One patient of the cohort after the real engine has seen the whole course.</summary>
public sealed record CohortPatient(
    SimulatedPatient Patient,
    int PlannedCrsGrade,
    int PlannedIcansGrade,
    PatientAssessment Assessment,
    int NeutrophilNadirDay,
    int Observations);

/// <summary>
/// A few hundred seeded patients, every observation normalised by <see cref="ObservationNormaliser.Default"/>
/// and added to a <see cref="PatientTimeline"/>, as the server will do; assessed at day 29, after the course.
/// </summary>
public sealed class SimulatedCohort
{
    public const int Centers = 10;
    public const int PatientsPerCenter = 30;

    public SimulatedCohort()
    {
        var options = new SimulationOptions
        {
            Seed = 20260302,
            PatientsPerCenter = PatientsPerCenter,
            Centers = [.. SimulationOptions.DefaultCenters, "BE-BRU"],
        };
        var trialStart = new DateTimeOffset(2026, 2, 16, 0, 0, 0, TimeSpan.Zero);
        var patients = TrialRoster.Enrol(options, trialStart);

        var results = new CohortPatient[patients.Count];
        var rejections = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, patients.Count, i =>
        {
            var patient = patients[i];
            var (scenario, observations) = CourseGenerator.Write(patient, options.Seed, trialStart);
            var timeline = new PatientTimeline(new PatientProfile(patient.InfusionAt, patient.AgeYears));
            foreach (var observation in observations)
            {
                var result = ObservationNormaliser.Default.Normalise(EngineFeed.Input(observation), observation.EffectiveAt.AddMinutes(1), patient.InfusionAt);
                if (!result.IsAccepted)
                {
                    rejections.Add($"{observation.Code} {observation.Value} {observation.Unit}: {result.Rejection}");
                    continue;
                }

                timeline.Add(result.Observation!);
            }

            var nadir = timeline.Observations.Where(o => o.Parameter == Parameter.NeutrophilCount).MinBy(o => o.Quantity)!;
            results[i] = new CohortPatient(
                patient,
                scenario.Crs?.Grade ?? 0,
                scenario.Icans?.Grade ?? 0,
                timeline.Assess(patient.InfusionAt.AddDays(29)),
                timeline.Profile.DayPostInfusion(nadir.EffectiveAt),
                observations.Count);
        });

        Patients = results;
        Rejections = [.. rejections];
    }

    public IReadOnlyList<CohortPatient> Patients { get; }

    public IReadOnlyList<string> Rejections { get; }

    public double Fraction(Func<CohortPatient, bool> predicate) => Patients.Count(predicate) / (double)Patients.Count;
}
