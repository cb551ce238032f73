using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Tests.Properties;

/// <summary>
/// More oxygen support or more vasopressors never lower the CRS grade (ASTCT, rules.md 1.3 R1/R2): for any earlier course,
/// the same final bedside reading with escalated support grades at least as high.
/// </summary>
public sealed class EscalationProperties
{
    // Each list is in order of increasing support.
    private static readonly string[] Devices = ["room-air", "blow-by", "nasal-cannula", "simple-mask", "hfnc", "venturi", "non-rebreather", "cpap", "bipap", "invasive-ventilation"];
    private static readonly string[][] Pressors = [[], ["vasopressin"], ["norepinephrine"], ["norepinephrine", "vasopressin"], ["norepinephrine", "phenylephrine"], ["norepinephrine", "epinephrine", "vasopressin"]];

    /// <summary>The bedside support at the final reading, before and after escalation.</summary>
    public sealed record Escalation(
        decimal Temperature, int SystolicBp,
        int Device, decimal Flow, int PressorSet,
        int EscalatedDevice, decimal EscalatedFlow, int EscalatedPressorSet)
    {
        public override string ToString() =>
            $"T {Temperature} SBP {SystolicBp}: {Devices[Device]} {Flow} L/min [{string.Join(",", Pressors[PressorSet])}] → " +
            $"{Devices[EscalatedDevice]} {EscalatedFlow} L/min [{string.Join(",", Pressors[EscalatedPressorSet])}]";
    }

    public sealed record EscalatedCourse(IReadOnlyList<SentObservation> Before, Escalation Escalation);

    public static class Arbitraries
    {
        // No pressors half the time, so that oxygen alone decides the grade often enough to be tested.
        private static Gen<int> PressorSet() => Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Choose(0, Pressors.Length - 1)));

        private static Gen<decimal> Flow(int fromTenths) => Gen.Choose(fromTenths, 150).Select(f => f / 10m);

        /// <summary>Either the oxygen support or the vasopressors escalate; the other stays as it was.</summary>
        public static Arbitrary<EscalatedCourse> Courses() =>
            (from before in GeneratedCourses.Course()
             from temperature in Gen.Choose(365, 405).Select(t => t / 10m)
             from sbp in Gen.Choose(60, 130)
             from device in Gen.Choose(0, Devices.Length - 1)
             from flow in Flow(5)
             from pressors in PressorSet()
             from escalateOxygen in Gen.Elements(true, false)
             from moreDevice in escalateOxygen ? Gen.Choose(device, Devices.Length - 1) : Gen.Constant(device)
             from moreFlow in escalateOxygen ? Flow((int)(flow * 10)) : Gen.Constant(flow)
             from morePressors in escalateOxygen ? Gen.Constant(pressors) : Gen.Choose(pressors, Pressors.Length - 1)
             select new EscalatedCourse(before, new Escalation(temperature, sbp, device, flow, pressors, moreDevice, moreFlow, morePressors)))
            .ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void Escalating_oxygen_or_vasopressors_never_lowers_the_crs_grade(EscalatedCourse course)
    {
        var e = course.Escalation;
        var at = course.Before[^1].EffectiveAt.AddMinutes(30);

        var baseline = TimelineProperties.Ingest([.. course.Before, .. Final(at, e.Temperature, e.SystolicBp, e.Device, e.Flow, e.PressorSet)]).Assess(at);
        var escalated = TimelineProperties.Ingest([.. course.Before, .. Final(at, e.Temperature, e.SystolicBp, e.EscalatedDevice, e.EscalatedFlow, e.EscalatedPressorSet)]).Assess(at);

        Assert.True(escalated.Crs.Grade >= baseline.Crs.Grade, $"current grade fell from {baseline.Crs.Grade} to {escalated.Crs.Grade} ({e})");
        Assert.True(escalated.Crs.MaxGrade >= baseline.Crs.MaxGrade, $"maximum grade fell from {baseline.Crs.MaxGrade} to {escalated.Crs.MaxGrade} ({e})");
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public void Escalated_support_with_fever_is_graded_by_the_support(EscalatedCourse course)
    {
        var e = course.Escalation;
        var at = course.Before[^1].EffectiveAt.AddMinutes(30);
        var fever = Math.Max(e.Temperature, 38.0m);

        var assessment = TimelineProperties.Ingest([.. course.Before, .. Final(at, fever, e.SystolicBp, e.EscalatedDevice, e.EscalatedFlow, e.EscalatedPressorSet)]).Assess(at);

        // A fever now always meets the fever requirement, so the grade is at least what the support alone implies.
        Assert.True(assessment.Crs.Grade >= SupportGrade(e.EscalatedDevice, e.EscalatedFlow, e.EscalatedPressorSet),
            $"grade {assessment.Crs.Grade} is below what {e} implies: {assessment.Crs.Reason}");
    }

    /// <summary>rules.md 1.3 R1/R2 written out independently of the engine.</summary>
    private static int SupportGrade(int device, decimal flow, int pressorSet)
    {
        var oxygen = Devices[device] switch
        {
            "room-air" => 0,
            "nasal-cannula" => flow > 6m ? 3 : 2,
            "blow-by" => 2,
            "simple-mask" or "hfnc" or "venturi" or "non-rebreather" => 3,
            _ => 4,
        };
        var pressors = Pressors[pressorSet];
        var nonVasopressin = pressors.Count(p => p != "vasopressin");
        var hypotension = nonVasopressin >= 2 ? 4 : pressors.Length > 0 ? 3 : 0;
        return Math.Max(1, Math.Max(oxygen, hypotension));
    }

    private static SentObservation[] Final(DateTimeOffset at, decimal temperature, int sbp, int device, decimal flow, int pressorSet) =>
    [
        new("final-t", "8310-5", ObservationValue.Of(temperature), "Cel", at),
        new("final-sbp", "8480-6", ObservationValue.Of(sbp), "mm[Hg]", at),
        new("final-device", "tm:o2-device", ObservationValue.Of(Devices[device]), null, at),
        new("final-flow", "3151-8", ObservationValue.Of(flow), "L/min", at),
        new("final-pressors", "tm:vasopressors", ObservationValue.Of(Pressors[pressorSet]), null, at),
    ];
}
