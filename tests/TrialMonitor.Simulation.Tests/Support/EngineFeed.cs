using TrialMonitor.Clinical.Observations;
using TrialMonitor.Simulation.Api;

namespace TrialMonitor.Simulation.Tests.Support;

/// <summary>Turns a wire observation into what the real clinical engine takes, as the server would.</summary>
public static class EngineFeed
{
    public static ObservationInput Input(WireObservation observation) =>
        new(observation.Id, observation.Code, Value(observation.Value), observation.Unit, observation.EffectiveAt);

    public static ObservationValue Value(WireValue value) => value.Kind switch
    {
        WireValueKind.Number => ObservationValue.Of(value.Number),
        WireValueKind.Text => ObservationValue.Of(value.Text!),
        WireValueKind.TextList => ObservationValue.Of(value.List!),
        _ => ObservationValue.Of(value.Boolean),
    };
}
