using System.Globalization;
using System.Text.Json;
using TrialMonitor.Clinical.Observations;
using TrialMonitor.Contracts.Observations;

namespace TrialMonitor.Grains.Patients;

/// <summary>Converts submitted values to the engine's values and to the JSON kept in the observation log.</summary>
internal static class SubmittedValues
{
    public static ObservationValue ToEngine(SubmittedValue value) => value.Kind switch
    {
        SubmittedValueKind.Number => ObservationValue.Of(value.Number),
        SubmittedValueKind.Text => ObservationValue.Of(value.Text ?? ""),
        SubmittedValueKind.TextList => ObservationValue.Of(value.List ?? []),
        SubmittedValueKind.Boolean => ObservationValue.Of(value.Boolean),
        SubmittedValueKind.Unsupported => ObservationValue.Unsupported(value.Text ?? "an unsupported value"),
        _ => ObservationValue.Missing,
    };

    /// <summary>The value as the sender wrote it in JSON: a number keeps its digits exactly (decimal).</summary>
    public static string ToJson(SubmittedValue value) => value.Kind switch
    {
        // What the serializer writes for a decimal, without its machinery: most logged values are numbers, and that
        // machinery was 2.8 % of the server's CPU at saturation (bench/README.md).
        SubmittedValueKind.Number => value.Number.ToString(CultureInfo.InvariantCulture),
        SubmittedValueKind.Text => JsonSerializer.Serialize(value.Text),
        SubmittedValueKind.TextList => JsonSerializer.Serialize(value.List),
        SubmittedValueKind.Boolean => value.Boolean ? "true" : "false",
        _ => "null",
    };

    public static SubmittedValue FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var element = document.RootElement;
        return element.ValueKind switch
        {
            JsonValueKind.Number => new SubmittedValue(SubmittedValueKind.Number, Number: element.GetDecimal()),
            JsonValueKind.String => new SubmittedValue(SubmittedValueKind.Text, Text: element.GetString()),
            JsonValueKind.Array => new SubmittedValue(SubmittedValueKind.TextList, List: element.EnumerateArray().Select(e => e.GetString() ?? "").ToArray()),
            JsonValueKind.True => new SubmittedValue(SubmittedValueKind.Boolean, Boolean: true),
            JsonValueKind.False => new SubmittedValue(SubmittedValueKind.Boolean, Boolean: false),
            _ => new SubmittedValue(SubmittedValueKind.Missing),
        };
    }
}
