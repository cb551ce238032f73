using TrialMonitor.Clinical.Readings;

namespace TrialMonitor.Clinical.Rules.Icaht;

public sealed record EarlyIcaht(
    int Grade,
    int SevereNeutropeniaDays,
    int ProfoundNeutropeniaDays,
    int? SevereNeutropeniaFromDay,
    bool NeverRecovered,
    bool WindowComplete);

public sealed record LateIcaht(int Grade, int DaysAtOrBelow1500, decimal? NadirPerMicrolitre);

public sealed record IcahtAssessment
{
    public EarlyIcaht Early { get; init; } = new(0, 0, 0, null, false, false);

    public LateIcaht Late { get; init; } = new(0, 0, null);

    /// <summary>The higher of the early and late grades.</summary>
    public int Grade => Math.Max(Early.Grade, Late.Grade);

    /// <summary>While the early window is open the grade can still rise.</summary>
    public bool Provisional => !Early.WindowComplete;

    public IReadOnlyList<Reading> Readings { get; init; } = [];

    public string Reason => Early.Grade >= Late.Grade
        ? $"ANC ≤ 500/µL for {Early.SevereNeutropeniaDays} days, ≤ 100/µL for {Early.ProfoundNeutropeniaDays} days" +
          (Early.NeverRecovered ? ", never recovered" : "") + (Readings.Count > 0 ? "; nadir " + ReadingText.Compose(Readings) : "")
        : $"{Late.DaysAtOrBelow1500} days with ANC ≤ 1500/µL after day 30" + (Readings.Count > 0 ? "; nadir " + ReadingText.Compose(Readings) : "");
}
