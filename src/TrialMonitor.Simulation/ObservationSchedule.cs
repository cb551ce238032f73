using TrialMonitor.Simulation.Api;

namespace TrialMonitor.Simulation;

/// <summary>Releases observations, in effective-time order, once the simulated clock has passed their effective time.</summary>
public sealed class ObservationSchedule
{
    private readonly WireObservation[] _ordered;
    private int _next;

    public ObservationSchedule(IReadOnlyList<WireObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        _ordered = [.. observations.OrderBy(o => o.EffectiveAt).ThenBy(o => o.Id, StringComparer.Ordinal)];
    }

    public int Released => _next;

    public int Remaining => _ordered.Length - _next;

    public bool Completed => _next >= _ordered.Length;

    /// <summary>Up to <paramref name="max"/> observations effective at or before <paramref name="now"/> not yet released.</summary>
    public IReadOnlyList<WireObservation> TakeDue(DateTimeOffset now, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var start = _next;
        while (_next < _ordered.Length && _next - start < max && _ordered[_next].EffectiveAt <= now) _next++;
        return _ordered[start.._next];
    }

    /// <summary>Leaves out the observations of these patients (whose enrolment failed).</summary>
    public static IReadOnlyList<WireObservation> Without(IReadOnlyList<WireObservation> observations, IReadOnlySet<string> patientIds) =>
        patientIds.Count == 0 ? observations : [.. observations.Where(o => !patientIds.Contains(o.PatientId))];
}
