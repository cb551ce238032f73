using TrialMonitor.Simulation.Api;

namespace TrialMonitor.Simulation.Generation;

/// <summary>The whole simulated trial: its patients and every observation of their courses, ordered by effective time then id.</summary>
public sealed record SimulatedTrial(DateTimeOffset TrialStart, IReadOnlyList<SimulatedPatient> Patients, IReadOnlyList<WireObservation> Observations)
{
    /// <summary>
    /// The trial for these options, starting at <paramref name="trialStart"/>: the same options and start give
    /// the same patients and the same observations with the same ids.
    /// </summary>
    public static SimulatedTrial Generate(SimulationOptions options, DateTimeOffset trialStart)
    {
        ArgumentNullException.ThrowIfNull(options);
        var patients = TrialRoster.Enrol(options, trialStart);
        var observations = patients
            .SelectMany(p => CourseGenerator.Generate(p, options.Seed, trialStart))
            .OrderBy(o => o.EffectiveAt)
            .ThenBy(o => o.Id, StringComparer.Ordinal)
            .ToList();
        return new SimulatedTrial(trialStart, patients, observations);
    }

    /// <summary>The start for a run beginning at <paramref name="now"/>: the UTC midnight <paramref name="historyDays"/> days before, so restarts on the same day resend the same ids.</summary>
    public static DateTimeOffset StartFor(DateTimeOffset now, int historyDays) =>
        new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-historyDays);
}
