using FsCheck;
using FsCheck.Fluent;
using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Tests.Properties;

/// <summary>One observation as a test sends it: the arrival order is shuffled separately.</summary>
public sealed record SentObservation(string Id, string Code, ObservationValue Value, string? Unit, DateTimeOffset EffectiveAt)
{
    public ObservationInput ToInput() => new(Id, Code, Value, Unit, EffectiveAt);

    public override string ToString() => $"{Id} {Code}={Value} {Unit} @{EffectiveAt:O}";
}

/// <summary>A generated course and one arrival order of it.</summary>
public sealed record ShuffledCourse(IReadOnlyList<SentObservation> InEffectiveOrder, IReadOnlyList<SentObservation> Arrival)
{
    public override string ToString() => $"{InEffectiveOrder.Count} observations, arrival: {string.Join(", ", Arrival.Select(o => o.Id))}";
}

/// <summary>
/// Courses of bedside readings and labs that wander through every rule's thresholds: fever, hypotension, pressors,
/// oxygen escalation, neutropenia, ICE scores and consciousness. Several readings may share an effective time,
/// and courses are long enough (65–160 instants) to cross the timeline's checkpoints.
/// </summary>
public static class GeneratedCourses
{
    public static DateTimeOffset InfusionAt { get; } = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Devices = ["room-air", "nasal-cannula", "hfnc", "non-rebreather", "cpap"];
    private static readonly string[][] PressorSets = [[], ["norepinephrine"], ["norepinephrine", "vasopressin"], ["norepinephrine", "epinephrine"]];
    private static readonly string[] Medicines = ["tocilizumab", "dexamethasone", "paracetamol"];
    private static readonly string[] Consciousness = ["A", "A", "A", "C", "V"];

    private static Gen<decimal> Tenths(int fromTenths, int toTenths) => Gen.Choose(fromTenths, toTenths).Select(t => t / 10m);

    private static Gen<(string Code, ObservationValue Value, string? Unit)> Reading() => Gen.OneOf(
        Tenths(360, 405).Select(t => ("8310-5", ObservationValue.Of(t), (string?)"Cel")),
        Gen.Choose(60, 140).Select(v => ("8480-6", ObservationValue.Of(v), (string?)"mm[Hg]")),
        Gen.Choose(40, 80).Select(v => ("8462-4", ObservationValue.Of(v), (string?)"mm[Hg]")),
        Gen.Choose(50, 150).Select(v => ("8867-4", ObservationValue.Of(v), (string?)"/min")),
        Gen.Choose(8, 30).Select(v => ("9279-1", ObservationValue.Of(v), (string?)"/min")),
        Gen.Choose(84, 100).Select(v => ("59408-5", ObservationValue.Of(v), (string?)"%")),
        Gen.Elements(Devices).Select(d => ("tm:o2-device", ObservationValue.Of(d), (string?)null)),
        Tenths(10, 100).Select(f => ("3151-8", ObservationValue.Of(f), (string?)"L/min")),
        Gen.Elements(PressorSets).Select(p => ("tm:vasopressors", ObservationValue.Of(p), (string?)null)),
        Gen.Elements(Consciousness).Select(c => ("tm:acvpu", ObservationValue.Of(c), (string?)null)),
        Gen.Choose(0, 10).Select(s => ("tm:ice-score", ObservationValue.Of(s), (string?)"{score}")),
        Gen.Choose(0, 2500).Select(n => ("751-8", ObservationValue.Of(n), (string?)"/uL")),
        Gen.Elements(Medicines).Select(m => ("tm:medication", ObservationValue.Of(m), (string?)null)));

    /// <summary>Minutes between instants: mostly an hour, sometimes the same minute group, sometimes a long gap.</summary>
    private static Gen<int> Step() => Gen.Frequency((6, Gen.Constant(60)), (2, Gen.Choose(1, 59)), (1, Gen.Choose(61, 600)));

    public static Gen<IReadOnlyList<SentObservation>> Course() =>
        from instants in Gen.Choose(65, 160)
        from steps in Gen.ArrayOf(Step(), instants)
        from sizes in Gen.ArrayOf(Gen.Choose(1, 3), instants)
        from readings in Gen.ArrayOf(Reading(), sizes.Sum())
        select (IReadOnlyList<SentObservation>)Lay(steps, sizes, readings);

    public static Arbitrary<ShuffledCourse> Shuffled() =>
        (from course in Course()
         from arrival in Gen.Shuffle(course.ToArray())
         select new ShuffledCourse(course, arrival)).ToArbitrary();

    private static SentObservation[] Lay(int[] steps, int[] sizes, (string Code, ObservationValue Value, string? Unit)[] readings)
    {
        var sent = new List<SentObservation>(readings.Length);
        var at = InfusionAt.AddHours(-2);
        var next = 0;
        for (var i = 0; i < steps.Length; i++)
        {
            at = at.AddMinutes(steps[i]);
            for (var k = 0; k < sizes[i]; k++, next++)
            {
                var (code, value, unit) = readings[next];
                sent.Add(new SentObservation($"gen-{next:D4}", code, value, unit, at));
            }
        }

        return [.. sent];
    }
}
