using TrialMonitor.Contracts.Observations;
using TrialMonitor.Contracts.Patients;

namespace TrialMonitor.Grains.Tests.Support;

/// <summary>Observations as the API hands them to a patient grain: received a minute after they were taken.</summary>
public static class Course
{
    public const string TrialId = "CART-SLE-01";

    public static readonly DateTimeOffset InfusionAt = new(2026, 1, 12, 8, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Hour(double hours) => InfusionAt.AddHours(hours);

    public static Enrolment Enrolment(string centerId) => new(centerId, TrialId, InfusionAt, 45, "SLE");

    public static SubmittedObservation Temperature(string id, decimal celsius, DateTimeOffset at) => Number(id, "8310-5", celsius, "Cel", at);

    public static SubmittedObservation OxygenDevice(string id, string device, DateTimeOffset at) =>
        new(0, id, "tm:o2-device", new SubmittedValue(SubmittedValueKind.Text, Text: device), null, at, at.AddMinutes(1));

    public static SubmittedObservation OxygenFlow(string id, decimal litresPerMinute, DateTimeOffset at) => Number(id, "3151-8", litresPerMinute, "L/min", at);

    public static SubmittedObservation Number(string id, string code, decimal value, string unit, DateTimeOffset at) =>
        new(0, id, code, new SubmittedValue(SubmittedValueKind.Number, Number: value), unit, at, at.AddMinutes(1));

    /// <summary>Fever, then high-flow oxygen by nasal cannula an hour later: CRS grade 1, then grade 3.</summary>
    public static (SubmittedObservation[] Fever, SubmittedObservation[] Hypoxia) FeverThenHypoxia(string prefix) => (
        [Temperature($"{prefix}-t1", 38.6m, Hour(2))],
        [OxygenDevice($"{prefix}-o2", "nasal-cannula", Hour(3)), OxygenFlow($"{prefix}-flow", 8m, Hour(3))]);

    public static SubmittedObservation[] Indexed(params SubmittedObservation[] observations) =>
        observations.Select((o, i) => o with { Index = i }).ToArray();
}

/// <summary>A full set of NEWS2 vital signs at one time, as a bedside monitor sends them.</summary>
public static class VitalSigns
{
    public static SubmittedObservation[] At(string prefix, DateTimeOffset at, int systolic = 124, int respiratoryRate = 16, decimal temperature = 37.0m) =>
        Course.Indexed(
            Course.Number($"{prefix}-rr", "9279-1", respiratoryRate, "/min", at),
            Course.Number($"{prefix}-spo2", "59408-5", 97m, "%", at),
            Course.OxygenDevice($"{prefix}-o2", "room-air", at),
            Course.Number($"{prefix}-sbp", "8480-6", systolic, "mm[Hg]", at),
            Course.Number($"{prefix}-hr", "8867-4", 80m, "/min", at),
            new SubmittedObservation(0, $"{prefix}-acvpu", "tm:acvpu", new SubmittedValue(SubmittedValueKind.Text, Text: "A"), null, at, at.AddMinutes(1)),
            Course.Temperature($"{prefix}-t", temperature, at));
}
