using System.Runtime.CompilerServices;
using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Timeline;

/// <summary>
/// The most recent observation of each parameter, by effective time. A value type, so a copy is a
/// checkpoint of its own.
/// </summary>
[InlineArray(ParameterCount.Value)]
internal struct LatestReadings
{
    private Observation? _element;

    public Observation? Get(Parameter parameter) => this[(int)parameter];

    /// <summary>Records an observation met in time order; within one instant the observation order breaks the tie.</summary>
    public void Apply(Observation observation) => this[(int)observation.Parameter] = observation;
}
