namespace TrialMonitor.Contracts.Patients;

/// <summary>A patient's enrolment as sent to <c>PUT /api/v1/patients/{patientId}</c>. No direct identifiers.</summary>
[GenerateSerializer, Immutable]
public sealed record Enrolment(
    [property: Id(0)] string CenterId,
    [property: Id(1)] string TrialId,
    [property: Id(2)] DateTimeOffset InfusionAt,
    [property: Id(3)] int? AgeYears,
    [property: Id(4)] string? Indication,
    [property: Id(5)] string? Product = null,
    [property: Id(6)] string? DoseCohort = null);

public enum EnrolmentOutcome
{
    Enrolled,
    /// <summary>The same enrolment was sent again: nothing changed.</summary>
    Unchanged,
    /// <summary>The same patient at a different center, or with different details: a 409.</summary>
    Conflict,
}

[GenerateSerializer, Immutable]
/// <param name="Existing">The enrolment the patient already had (unchanged or conflicting), for the audit's "before".</param>
public sealed record EnrolmentResult([property: Id(0)] EnrolmentOutcome Outcome, [property: Id(1)] string? Detail, [property: Id(2)] Enrolment? Existing = null);
