using System.Globalization;
using TrialMonitor.Simulation.Api;

namespace TrialMonitor.Simulation.Generation;

/// <summary>
/// Writes one patient's whole course, a pure function of the trial seed, the trial start and the patient.
/// Each kind of observation draws from its own random stream, so changing one does not move the others.
/// </summary>
public static class CourseGenerator
{
    private const ulong ScenarioStream = 1, VitalsStream = 2, LabsStream = 3, NeuroStream = 4;

    public static IReadOnlyList<WireObservation> Generate(SimulatedPatient patient, int seed, DateTimeOffset trialStart) =>
        Write(patient, seed, trialStart).Observations;

    internal static (PatientScenario Scenario, IReadOnlyList<WireObservation> Observations) Write(SimulatedPatient patient, int seed, DateTimeOffset trialStart)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var patientKey = StableSeed.Hash(patient.TrialId + "/" + patient.PatientId);
        Random Stream(ulong stream) => new(StableSeed.Derive(seed, patientKey, stream));

        var scenario = PatientScenario.Plan(patient, Stream(ScenarioStream));
        var schedule = new CourseSchedule(patient.InfusionAt, StableSeed.Derive(seed, patientKey));
        var center = CenterConventions.For(patient.CenterId);
        var token = StableSeed.Mix(StableSeed.Mix(patientKey ^ (ulong)(uint)seed) ^ (ulong)trialStart.UtcTicks).ToString("x16", CultureInfo.InvariantCulture)[..12];
        var writer = new CourseWriter(patient, token);

        VitalSignsWriter.Write(writer, schedule, center, scenario, Stream(VitalsStream));
        LabWriter.Write(writer, schedule, center, scenario, Stream(LabsStream));
        NeuroCheckWriter.Write(writer, schedule, scenario, Stream(NeuroStream));
        TreatmentWriter.Write(writer, schedule, scenario);
        return (scenario, writer.Complete());
    }
}
