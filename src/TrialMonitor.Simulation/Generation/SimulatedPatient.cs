namespace TrialMonitor.Simulation.Generation;

/// <summary>
/// One enrolled subject. <see cref="PatientId"/> is the trial's pseudonymous subject id ("BDX-007");
/// the simulation never invents a name or any other direct identifier.
/// </summary>
public sealed record SimulatedPatient(
    string PatientId,
    string CenterId,
    string TrialId,
    DateTimeOffset InfusionAt,
    int AgeYears,
    string Indication);

/// <summary>The autoimmune indications of the trial, as sent in the enrolment body.</summary>
public static class Indications
{
    public const string Sle = "SLE";
    public const string Aiha = "AIHA";
    public const string Ssc = "SSc";
    public const string Myositis = "myositis";
}
