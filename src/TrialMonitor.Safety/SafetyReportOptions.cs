using TrialMonitor.Safety.Statistics;

namespace TrialMonitor.Safety;

/// <summary>The events a stopping rule or a table row counts (each patient once, by the worst grade in the window).</summary>
public static class SafetyEndpoints
{
    public const string CrsAny = "crs-any";
    public const string CrsGrade2Plus = "crs-grade2plus";
    public const string CrsGrade3Plus = "crs-grade3plus";
    public const string IcansAny = "icans-any";
    public const string IcansGrade3Plus = "icans-grade3plus";
    public const string CrsOrIcansGrade3Plus = "crs-or-icans-grade3plus";
    public const string FebrileNeutropenia = "febrile-neutropenia";
    public const string IecHs = "iec-hs";
    public const string IcahtGrade3Plus = "icaht-grade3plus";
    public const string AnyGrade3Plus = "any-grade3plus";
}

/// <summary>One endpoint monitored with a stopping rule: the Bayesian beta-binomial rule and Wald's SPRT side by side.</summary>
public sealed record StoppingRuleOptions
{
    public required string Endpoint { get; init; }

    /// <summary>θ0: the rate the posterior is compared with.</summary>
    public required double Benchmark { get; init; }

    /// <summary>Beta(0.2, 1.8): mean 0.10, effective sample size 2 (safety-statistics.md 4.1 worked example).</summary>
    public BetaPrior Prior { get; init; } = new(0.2, 1.8);

    /// <summary>c = 0.90: stop or pause when P(p &gt; θ0) ≥ c (safety-statistics.md 4.1; rules.md 11.3 "&gt; 0.9").</summary>
    public double PosteriorThreshold { get; init; } = 0.90;

    /// <summary>SPRT H0 rate; defaults to the benchmark.</summary>
    public double? SprtP0 { get; init; }

    /// <summary>SPRT H1 rate; defaults to three times p0 (safety-statistics.md 4.2 uses 0.10 against 0.30).</summary>
    public double? SprtP1 { get; init; }

    /// <summary>α = 0.05 (safety-statistics.md 4.2).</summary>
    public double SprtAlpha { get; init; } = 0.05;

    /// <summary>β = 0.20 (safety-statistics.md 4.2).</summary>
    public double SprtBeta { get; init; } = 0.20;

    public double P0 => SprtP0 ?? Benchmark;

    public double P1 => SprtP1 ?? Math.Min(0.99, 3 * P0);
}

/// <summary>A published reference rate to compare with (rules.md 11.3), as a range.</summary>
public sealed record ReferenceRate(string Endpoint, double Low, double High, string Basis);

/// <summary>What the safety report computes and against what; every default carries its source.</summary>
public sealed record SafetyReportOptions
{
    /// <summary>The monitoring window of the toxicity tables: 28 days (rules.md 11.3 "within 28 days").</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(28);

    /// <summary>The window for late events (infections, SAEs): 100 days, the customary CAR-T late-toxicity horizon (issue 7).</summary>
    public TimeSpan LateWindow { get; init; } = TimeSpan.FromDays(100);

    /// <summary>Cumulative incidence of onset is read at these days (issue 7).</summary>
    public IReadOnlyList<int> OnsetDays { get; init; } = [1, 3, 7, 14, 28];

    /// <summary>Clopper-Pearson and Poisson intervals at 95 % (safety-statistics.md 4.4, 4.5).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>How far the pre-tabulated boundary b(n) is printed: 30 patients, as in safety-statistics.md 4.1.</summary>
    public int BoundaryTableUpTo { get; init; } = 30;

    public IReadOnlyList<StoppingRuleOptions> StoppingRules { get; init; } = DefaultStoppingRules;

    public IReadOnlyList<ReferenceRate> ReferenceRates { get; init; } = DefaultReferenceRates;

    public static IReadOnlyList<StoppingRuleOptions> DefaultStoppingRules { get; } =
    [
        // "Monitor grade ≥3 CRS/ICANS or DLT against a low benchmark such as θ0 = 0.10" (safety-statistics.md Methods, 4.1).
        new() { Endpoint = SafetyEndpoints.CrsOrIcansGrade3Plus, Benchmark = 0.10, SprtP1 = 0.30 },
        // Twice the reference rate: CRS grade ≥ 3 ≤ 2 %, "alert the DSMB if P(true rate > 2 × reference | data) > 0.9" (rules.md 11.3).
        new() { Endpoint = SafetyEndpoints.CrsGrade3Plus, Benchmark = 0.04 },
        // Twice the reference rate: ICANS grade ≥ 3 < 1 % (rules.md 11.3).
        new() { Endpoint = SafetyEndpoints.IcansGrade3Plus, Benchmark = 0.02 },
    ];

    /// <summary>rules.md 11.3 "Suggested reference rates for signal detection" (within 28 days).</summary>
    public static IReadOnlyList<ReferenceRate> DefaultReferenceRates { get; } =
    [
        new(SafetyEndpoints.CrsAny, 0.60, 0.85, "Müller 73 %, pooled 87 %, Merrill 56 %, YTB323 67 % (rules.md 11.3)"),
        new(SafetyEndpoints.CrsGrade2Plus, 0.05, 0.15, "Müller 1/15; YTB323 3/6 (rules.md 11.3)"),
        new(SafetyEndpoints.CrsGrade3Plus, 0, 0.02, "Merrill: 98 % of CRS grade 1–2 (rules.md 11.3)"),
        new(SafetyEndpoints.IcansAny, 0.02, 0.07, "pooled 1/47; Müller 1/15; Merrill 3 % (rules.md 11.3)"),
        new(SafetyEndpoints.IcansGrade3Plus, 0, 0.01, "Merrill: a single grade-4 case (rules.md 11.3)"),
    ];

    // Last: static initialisers run in order, and the default instance reads the lists above.
    public static SafetyReportOptions Default { get; } = new();
}
