using System.Text.Json;
using TrialMonitor.Clinical.Observations;

namespace TrialMonitor.Clinical.Tests.Support;

/// <summary>Reads an observation value written in the contract's JSON.</summary>
public static class ObservationJson
{
    public static ObservationValue Value(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetDecimal(out var number) => ObservationValue.Of(number),
        JsonValueKind.String => ObservationValue.Of(element.GetString()!),
        JsonValueKind.True => ObservationValue.Of(true),
        JsonValueKind.False => ObservationValue.Of(false),
        JsonValueKind.Array when element.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
            ObservationValue.Of(element.EnumerateArray().Select(e => e.GetString()!).ToArray()),
        JsonValueKind.Null or JsonValueKind.Undefined => ObservationValue.Missing,
        _ => ObservationValue.Unsupported(element.GetRawText()),
    };
}
