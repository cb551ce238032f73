using Orleans.Concurrency;
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
    Task<PatientIngestResult> IngestAsync(IReadOnlyList<SubmittedObservation> observations);

    /// <summary>
    /// The center tells the patient when one of its alerts was acknowledged or resolved. One-way: the center must not
    /// wait on a patient that may itself be waiting on the center (an ingest raising an alert), which would deadlock
    /// both until the call timeout. The patient keeps the event with the highest sequence, whatever the arrival order.
    /// </summary>
    [OneWay]
    Task OnAlertChangedAsync(Alerts.Alert alert);

    /// <summary>Null when the patient is not enrolled.</summary>
    Task<PatientStatus?> GetStatusAsync();
}
