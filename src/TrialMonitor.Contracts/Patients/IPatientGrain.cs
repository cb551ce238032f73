using TrialMonitor.Contracts.Observations;

namespace TrialMonitor.Contracts.Patients;

/// <summary>One enrolled patient, keyed by the trial's pseudonymous subject id.</summary>
public interface IPatientGrain : IGrainWithStringKey
{
    Task<EnrolmentResult> EnrolAsync(Enrolment enrolment);

    /// <summary>
    /// Checks, logs durably and grades a batch of this patient's observations. Returns once every accepted
    /// observation is in the observation log and reflected in the status.
    /// </summary>
    /// <param name="allowedCenters">
    /// The centers the sender may post for (a device's); null for any. A patient of another center has every
    /// observation rejected and quarantined, naming <c>patientId</c>.
    /// </param>
    /// <param name="quarantineRejected">
    /// False for a data manager's release of a quarantined observation: a rejection is returned but not quarantined
    /// again, since the row under review stays pending.
    /// </param>
    Task<PatientIngestResult> IngestAsync(IReadOnlyList<SubmittedObservation> observations, IReadOnlyList<string>? allowedCenters = null, bool quarantineRejected = true);

    /// <summary>The enrolment, or null when the patient is not enrolled: cheap, for access checks.</summary>
    Task<Enrolment?> GetEnrolmentAsync();

    /// <summary>
    /// The center tells the patient when one of its alerts was acknowledged or resolved. One-way: the patient may at
    /// that moment be waiting on the center, and a call back would deadlock the two non-reentrant grains.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task OnAlertChangedAsync(Alerts.Alert alert);

    /// <summary>
    /// Judges at the current time whether vital signs are overdue (rules.md 10.2) and alerts if so, and resolves alerts
    /// whose condition has been absent long enough. One-way, as above.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task CheckAsync();

    /// <summary>Null when the patient is not enrolled.</summary>
    Task<PatientStatus?> GetStatusAsync();

    /// <summary>
    /// The readings and treatments effective from <paramref name="from"/> on, with the grade track and episodes when
    /// <paramref name="withGrades"/> (that replays the timeline); null when the patient is not enrolled.
    /// </summary>
    Task<PatientTimelineView?> GetTimelineAsync(DateTimeOffset from, bool withGrades);

    /// <summary>
    /// The patient's safety record as of <paramref name="asOf"/> from the observations effective and received by then
    /// (null when not enrolled or not infused by then). From the live timeline when everything it holds arrived by
    /// then; otherwise re-derived from the observation log filtered to the cut.
    /// </summary>
    /// <param name="diedAt">A death reported by the cut (from the center's SAE drafts), or null.</param>
    Task<Safety.SafetyRecordData?> GetSafetyRecordAsync(DateTimeOffset asOf, DateTimeOffset? diedAt);
}
