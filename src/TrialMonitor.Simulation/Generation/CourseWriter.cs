using TrialMonitor.Simulation.Api;

namespace TrialMonitor.Simulation.Generation;

/// <summary>
/// Collects one patient's observations, then orders them by effective time and numbers them. The ids
/// depend only on the seed, the trial start and the course, so writing the same course again gives the
/// same ids and a resend is a duplicate. They carry an opaque token, not the subject id, so logs that name
/// an observation id name no patient.
/// </summary>
internal sealed class CourseWriter(SimulatedPatient patient, string idToken)
{
    private readonly List<(DateTimeOffset At, int Order, string Code, WireValue Value, string? Unit)> _items = [];

    public SimulatedPatient Patient => patient;

    public void Quantity(DateTimeOffset at, string code, decimal value, string unit) => Add(at, code, WireValue.Of(value), unit);

    public void Coded(DateTimeOffset at, string code, string value) => Add(at, code, WireValue.Of(value), null);

    public void CodedList(DateTimeOffset at, string code, IReadOnlyList<string> values) => Add(at, code, WireValue.Of(values), null);

    public IReadOnlyList<WireObservation> Complete()
    {
        var ordered = _items.OrderBy(i => i.At).ThenBy(i => i.Order).ToList();
        var observations = new WireObservation[ordered.Count];
        for (var i = 0; i < ordered.Count; i++)
        {
            var item = ordered[i];
            observations[i] = new WireObservation($"sim-{idToken}-{i + 1:D5}", patient.PatientId, item.Code, item.Value, item.Unit, item.At)
            {
                CenterId = patient.CenterId,
            };
        }

        return observations;
    }

    private void Add(DateTimeOffset at, string code, WireValue value, string? unit) => _items.Add((at, _items.Count, code, value, unit));
}

/// <summary>Rounding to what a device or a laboratory reports.</summary>
internal static class Reported
{
    public static decimal Round(double value, int decimals) => Math.Round((decimal)value, decimals, MidpointRounding.AwayFromZero);

    public static int Whole(double value) => (int)Math.Round(value, MidpointRounding.AwayFromZero);

    public static double Clamp(double value, double min, double max) => Math.Min(max, Math.Max(min, value));
}
