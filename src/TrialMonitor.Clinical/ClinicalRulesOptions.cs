using TrialMonitor.Clinical.Rules.CarHematotox;
using TrialMonitor.Clinical.Rules.Crs;
using TrialMonitor.Clinical.Rules.Easix;
using TrialMonitor.Clinical.Rules.FebrileNeutropenia;
using TrialMonitor.Clinical.Rules.Icaht;
using TrialMonitor.Clinical.Rules.Icans;
using TrialMonitor.Clinical.Rules.IecHs;
using TrialMonitor.Clinical.Rules.MissingData;
using TrialMonitor.Clinical.Rules.News2;

namespace TrialMonitor.Clinical;

/// <summary>
/// Every clinical threshold of the engine, grouped by rule. Defaults are those of rules.md with their
/// sources; a trial's medical monitor signs off its own values before use.
/// </summary>
public sealed record ClinicalRulesOptions
{
    public CrsOptions Crs { get; init; } = new();

    public IcansOptions Icans { get; init; } = new();

    public FebrileNeutropeniaOptions FebrileNeutropenia { get; init; } = new();

    public News2Options News2 { get; init; } = new();

    public IcahtOptions Icaht { get; init; } = new();

    public BaselineOptions Baseline { get; init; } = new();

    public CarHematotoxOptions CarHematotox { get; init; } = new();

    public EasixOptions Easix { get; init; } = new();

    public IecHsOptions IecHs { get; init; } = new();

    public MissingDataOptions MissingData { get; init; } = new();

    public static ClinicalRulesOptions Default { get; } = new();
}
