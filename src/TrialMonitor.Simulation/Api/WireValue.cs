using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrialMonitor.Simulation.Api;

public enum WireValueKind
{
    Number,
    Text,
    TextList,
    Boolean,
}

/// <summary>The <c>value</c> of an observation: a number, a coded text, an array of codes, or a boolean.</summary>
[JsonConverter(typeof(WireValueJsonConverter))]
public readonly record struct WireValue
{
    private WireValue(WireValueKind kind, decimal number = 0, string? text = null, IReadOnlyList<string>? list = null, bool boolean = false)
    {
        Kind = kind;
        Number = number;
        Text = text;
        List = list;
        Boolean = boolean;
    }

    public WireValueKind Kind { get; }

    public decimal Number { get; }

    public string? Text { get; }

    public IReadOnlyList<string>? List { get; }

    public bool Boolean { get; }

    public static WireValue Of(decimal number) => new(WireValueKind.Number, number: number);

    public static WireValue Of(string text) => new(WireValueKind.Text, text: text);

    public static WireValue Of(IReadOnlyList<string> list) => new(WireValueKind.TextList, list: list);

    public static WireValue Of(bool value) => new(WireValueKind.Boolean, boolean: value);

    public override string ToString() => Kind switch
    {
        WireValueKind.Number => Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        WireValueKind.Text => Text!,
        WireValueKind.TextList => "[" + string.Join(", ", List!) + "]",
        _ => Boolean ? "true" : "false",
    };
}

/// <summary>Writes (and reads) a <see cref="WireValue"/> as the bare JSON value the contract expects.</summary>
public sealed class WireValueJsonConverter : JsonConverter<WireValue>
{
    public override WireValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return WireValue.Of(reader.GetDecimal());
            case JsonTokenType.String:
                return WireValue.Of(reader.GetString()!);
            case JsonTokenType.True:
            case JsonTokenType.False:
                return WireValue.Of(reader.GetBoolean());
            case JsonTokenType.StartArray:
                var items = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String) throw new JsonException("an observation value array holds only strings");
                    items.Add(reader.GetString()!);
                }

                return WireValue.Of(items);
            default:
                throw new JsonException($"an observation value cannot be a {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, WireValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value.Kind)
        {
            case WireValueKind.Number:
                writer.WriteNumberValue(value.Number);
                break;
            case WireValueKind.Text:
                writer.WriteStringValue(value.Text);
                break;
            case WireValueKind.TextList:
                writer.WriteStartArray();
                foreach (var item in value.List!) writer.WriteStringValue(item);
                writer.WriteEndArray();
                break;
            default:
                writer.WriteBooleanValue(value.Boolean);
                break;
        }
    }
}
