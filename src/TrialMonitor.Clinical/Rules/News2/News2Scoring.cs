using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Readings;
using TrialMonitor.Clinical.Timeline;

namespace TrialMonitor.Clinical.Rules.News2;

/// <summary>The latest reading of each NEWS2 parameter.</summary>
public sealed record News2Inputs(
    Observation? RespiratoryRate,
    Observation? OxygenSaturation,
    Observation? OxygenDevice,
    Observation? SystolicBloodPressure,
    Observation? Pulse,
    Observation? Consciousness,
    Observation? Temperature);

/// <summary>
/// NEWS2 (Royal College of Physicians, 2017) on the latest value of each of the seven parameters (rules.md 8).
/// Independent of CRS on purpose: 38.0 °C scores 0 here but is a CRS fever (rules.md 8.3).
/// </summary>
public static class News2Scoring
{
    public static News2Assessment Score(News2Inputs inputs, SpO2Scale scale, News2Options options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        var chart = options.Chart;
        var components = new List<News2Component>(7);
        var missing = new List<News2Parameter>();
        var onOxygen = inputs.OxygenDevice is { } device ? device.Device != Observations.OxygenDevice.RoomAir : (bool?)null;

        Add(News2Parameter.RespirationRate, inputs.RespiratoryRate, o => News2Chart.Lookup(chart.RespirationRate, Whole(o.Quantity)));
        Add(News2Parameter.OxygenSaturation, inputs.OxygenSaturation, o => SpO2Points(Whole(o.Quantity)));
        Add(News2Parameter.AirOrOxygen, inputs.OxygenDevice, _ => onOxygen == true ? chart.SupplementalOxygenPoints : 0);
        Add(News2Parameter.SystolicBloodPressure, inputs.SystolicBloodPressure, o => News2Chart.Lookup(chart.SystolicBloodPressure, Whole(o.Quantity)));
        Add(News2Parameter.Pulse, inputs.Pulse, o => News2Chart.Lookup(chart.Pulse, Whole(o.Quantity)));
        Add(News2Parameter.Consciousness, inputs.Consciousness, o => o.Acvpu == Acvpu.Alert ? 0 : chart.NotAlertPoints);
        Add(News2Parameter.Temperature, inputs.Temperature, o => News2Chart.Lookup(chart.Temperature, Tenths(o.Quantity)));

        var partial = components.Sum(c => c.Points);
        var red = components.Any(c => c.Points >= options.RedParameterPoints);
        var complete = missing.Count == 0;
        return new News2Assessment
        {
            Total = complete ? partial : null,
            PartialTotal = partial,
            ParametersPresent = components.Count,
            Missing = missing,
            Band = complete ? Band(partial, red, options) : null,
            SingleRedParameter = red,
            Scale = scale == SpO2Scale.Scale2 ? "2" : "1",
            Components = components,
        };

        int? SpO2Points(decimal saturation) => scale switch
        {
            // Scale 2 needs to know air or oxygen; without a device reading SpO2 cannot be scored.
            SpO2Scale.Scale2 when onOxygen is null => null,
            SpO2Scale.Scale2 => News2Chart.Lookup(onOxygen.Value ? chart.SpO2Scale2OnOxygen : chart.SpO2Scale2OnAir, saturation),
            _ => News2Chart.Lookup(chart.SpO2Scale1, saturation),
        };

        void Add(News2Parameter parameter, Observation? reading, Func<Observation, int?> points)
        {
            if (reading is not null && points(reading) is { } scored)
                components.Add(new News2Component(parameter, scored, Reading.From(reading)));
            else
                missing.Add(parameter);
        }
    }

    /// <summary>Half-up to a whole number (rules.md 8.3: never banker's rounding).</summary>
    public static decimal Whole(decimal value) => Math.Round(value, 0, MidpointRounding.AwayFromZero);

    /// <summary>Half-up to 0.1 °C: 38.04 → 38.0 (0 points), 38.05 → 38.1 (1 point) (rules.md 8.3).</summary>
    public static decimal Tenths(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    private static string Band(int total, bool singleRed, News2Options options)
    {
        if (total >= options.HighAtOrAbove) return "high";
        if (total >= options.MediumAtOrAbove) return "medium";
        return singleRed ? "low-medium" : "low";
    }
}
