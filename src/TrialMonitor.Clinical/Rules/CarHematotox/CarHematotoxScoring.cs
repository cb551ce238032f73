using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Readings;

namespace TrialMonitor.Clinical.Rules.CarHematotox;

public sealed record CarHematotoxItem(string Marker, int Points, Reading Reading);

public sealed record CarHematotoxAssessment
{
    /// <summary>0–7; null until all five baseline markers are known.</summary>
    public int? Score { get; init; }

    /// <summary>"high" (≥ 2) or "low" (0–1); null while incomplete.</summary>
    public string? Risk { get; init; }

    public IReadOnlyList<string> Missing { get; init; } = [];

    public IReadOnlyList<CarHematotoxItem> Items { get; init; } = [];

    /// <summary>Validated in lymphoma and myeloma, not in autoimmune disease (rules.md 6).</summary>
    public bool ValidatedInAutoimmuneDisease { get; init; }

    public string Reason => string.Join("; ", Items.Where(i => i.Points > 0).Select(i => $"{i.Reading.Text} (+{i.Points})"));
}

/// <summary>
/// CAR-HEMATOTOX at baseline (Rejeski et al., Blood 2021;138:2499; rules.md 6): platelets, ANC, haemoglobin,
/// CRP and ferritin before lymphodepletion. The tests beside this file hold its table.
/// </summary>
public static class CarHematotoxScoring
{
    public static int PlateletPoints(decimal perNanolitre, CarHematotoxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (perNanolitre < options.PlateletsTwoPointsBelow) return 2;
        return perNanolitre <= options.PlateletsOnePointUpTo ? 1 : 0;
    }

    public static int NeutrophilPoints(decimal perMicrolitre, CarHematotoxOptions options) =>
        perMicrolitre < options.NeutrophilsOnePointBelowPerMicrolitre ? 1 : 0;

    public static int HaemoglobinPoints(decimal gramsPerDecilitre, CarHematotoxOptions options) =>
        gramsPerDecilitre < options.HaemoglobinOnePointBelowGramsPerDecilitre ? 1 : 0;

    /// <summary>CRP is stored in mg/L; the score is defined in mg/dL (rules.md 9.2).</summary>
    public static int CrpPoints(decimal milligramsPerLitre, CarHematotoxOptions options) =>
        milligramsPerLitre / 10m >= options.CrpOnePointFromMilligramsPerDecilitre ? 1 : 0;

    public static int FerritinPoints(decimal nanogramsPerMillilitre, CarHematotoxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (nanogramsPerMillilitre > options.FerritinTwoPointsAbove) return 2;
        return nanogramsPerMillilitre >= options.FerritinOnePointFrom ? 1 : 0;
    }

    public static CarHematotoxAssessment Score(
        Observation? platelets, Observation? neutrophils, Observation? haemoglobin, Observation? crp, Observation? ferritin, CarHematotoxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var items = new List<CarHematotoxItem>(5);
        var missing = new List<string>();
        Add("platelets", platelets, o => PlateletPoints(o.Quantity, options));
        Add("ANC", neutrophils, o => NeutrophilPoints(o.Quantity * 1000m, options));
        Add("haemoglobin", haemoglobin, o => HaemoglobinPoints(o.Quantity, options));
        Add("CRP", crp, o => CrpPoints(o.Quantity, options));
        Add("ferritin", ferritin, o => FerritinPoints(o.Quantity, options));

        int? score = missing.Count == 0 ? items.Sum(i => i.Points) : null;
        return new CarHematotoxAssessment
        {
            Score = score,
            Risk = score is null ? null : score >= options.HighRiskAtOrAbove ? "high" : "low",
            Missing = missing,
            Items = items,
        };

        void Add(string marker, Observation? reading, Func<Observation, int> points)
        {
            if (reading is null) missing.Add(marker);
            else items.Add(new CarHematotoxItem(marker, points(reading), Reading.From(reading)));
        }
    }
}
