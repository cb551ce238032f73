namespace TrialMonitor.Clinical.Observations;

public enum ObservationValueKind
{
    Missing,
    Number,
    Text,
    TextList,
    Boolean,
    /// <summary>Something that is none of the above (an object, a number too large for a decimal, a list with non-text items).</summary>
    Unsupported,
}

/// <summary>The value of an observation as sent, before it is checked against its code.</summary>
public readonly record struct ObservationValue
{
    private ObservationValue(ObservationValueKind kind, decimal number = 0, string? text = null, IReadOnlyList<string>? list = null, bool boolean = false, string? description = null)
    {
        Kind = kind;
        Number = number;
        Text = text;
        List = list;
        Boolean = boolean;
        Description = description;
    }

    public ObservationValueKind Kind { get; }

    public decimal Number { get; }

    public string? Text { get; }

    public IReadOnlyList<string>? List { get; }

    public bool Boolean { get; }

    /// <summary>For <see cref="ObservationValueKind.Unsupported"/>: what was sent, for the rejection message.</summary>
    public string? Description { get; }

    public static ObservationValue Missing { get; } = new(ObservationValueKind.Missing);

    public static ObservationValue Of(decimal number) => new(ObservationValueKind.Number, number: number);

    public static ObservationValue Of(string text) => new(ObservationValueKind.Text, text: text);

    public static ObservationValue Of(IReadOnlyList<string> list) => new(ObservationValueKind.TextList, list: list);

    public static ObservationValue Of(bool value) => new(ObservationValueKind.Boolean, boolean: value);

    public static ObservationValue Unsupported(string description) => new(ObservationValueKind.Unsupported, description: description);

    public override string ToString() => Kind switch
    {
        ObservationValueKind.Number => Numbers.Format(Number),
        ObservationValueKind.Text => $"\"{Text}\"",
        ObservationValueKind.TextList => "[" + string.Join(", ", List!.Select(t => $"\"{t}\"")) + "]",
        ObservationValueKind.Boolean => Boolean ? "true" : "false",
        ObservationValueKind.Unsupported => Description ?? "an unsupported value",
        _ => "no value",
    };
}

/// <summary>One observation as a sender submitted it (api.md "Observations").</summary>
/// <remarks>A value, not an object: one is made for every observation submitted and is gone once it is checked.</remarks>
public readonly record struct ObservationInput(string? Id, string? Code, ObservationValue Value, string? Unit, DateTimeOffset? EffectiveAt);
