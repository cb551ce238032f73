using System.Text.Json;
using TrialMonitor.Contracts.Observations;
using TrialMonitor.Grains.Patients;

namespace TrialMonitor.Grains.Tests;

/// <summary>A number is logged as the JSON serializer writes it, digits and scale kept, and reads back to the same value.</summary>
public sealed class SubmittedValuesTests
{
    public static TheoryData<string> Numbers() =>
    [
        "0", "0.0", "-0.0", "37", "37.50", "-12.125", "0.0000000000000000000000000001", "79228162514264337593543950335",
        "-79228162514264337593543950335", "1234567890.0987654321", "100", "1E3", "2.5e-2",
    ];

    [Theory]
    [MemberData(nameof(Numbers))]
    public void A_number_is_logged_as_the_serializer_writes_it_and_reads_back_the_same(string sent)
    {
        var number = decimal.Parse(sent, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
        var value = new SubmittedValue(SubmittedValueKind.Number, Number: number);

        var logged = SubmittedValues.ToJson(value);

        Assert.Equal(JsonSerializer.Serialize(number), logged);
        var read = SubmittedValues.FromJson(logged);
        Assert.Equal(number, read.Number);
        Assert.Equal(number.Scale, read.Number.Scale);
    }
}
