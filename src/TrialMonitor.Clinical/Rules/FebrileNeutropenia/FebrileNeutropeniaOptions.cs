namespace TrialMonitor.Clinical.Rules.FebrileNeutropenia;

/// <summary>Thresholds of the febrile neutropenia rule and the qSOFA flag; each default carries its source.</summary>
public sealed record FebrileNeutropeniaOptions
{
    /// <summary>One definition per trial; IDSA by default (rules.md 3.2 [P]).</summary>
    public FeverCriteria Fever { get; init; } = FeverCriteria.Idsa;

    /// <summary>Neutropenia is ANC &lt; 500/µL (IDSA, ESMO; rules.md 3.1). ICAHT's ≤ 500 differs on purpose (3.3).</summary>
    public decimal NeutropeniaBelowPerMicrolitre { get; init; } = 500m;

    /// <summary>"Expected to fall below 500 within 48 h" is operationalised as ANC &lt; 1000/µL and falling (rules.md 3.3 [P]).</summary>
    public decimal AnticipatedBelowPerMicrolitre { get; init; } = 1000m;

    /// <summary>The falling-ANC arm applies up to day 14 after infusion, the expected nadir window (rules.md 0.1, 3.3 [P]).</summary>
    public int AnticipatedUpToDay { get; init; } = 14;

    /// <summary>A fever counts if it happened in the 24 h before the moment judged (rules.md 0.1 [P]).</summary>
    public TimeSpan FeverWithin { get; init; } = TimeSpan.FromHours(24);

    /// <summary>An ANC counts if it was drawn in the 48 h before the moment judged (rules.md 0.1 [P]).</summary>
    public TimeSpan NeutrophilCountWithin { get; init; } = TimeSpan.FromHours(48);

    /// <summary>A single 38.0–38.2 °C reading asks for a re-check within 60 min (rules.md 3.3 [P]).</summary>
    public TimeSpan RecheckWithin { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Axillary readings 37.5–37.9 °C are flagged for review; no site offset is added (rules.md 3.3 [P]).</summary>
    public decimal AxillaryReviewFromCelsius { get; init; } = 37.5m;

    public decimal AxillaryReviewToCelsius { get; init; } = 37.9m;

    /// <summary>qSOFA respiratory rate ≥ 22/min (Sepsis-3, Singer, JAMA 2016;315:801).</summary>
    public decimal QsofaRespiratoryRateAtOrAbove { get; init; } = 22m;

    /// <summary>qSOFA systolic BP ≤ 100 mmHg (Sepsis-3).</summary>
    public decimal QsofaSystolicAtOrBelow { get; init; } = 100m;

    /// <summary>qSOFA altered mentation is GCS &lt; 15 (Sepsis-3); an ACVPU other than A counts as well [P].</summary>
    public int QsofaGlasgowBelow { get; init; } = 15;

    /// <summary>qSOFA ≥ 2 during a febrile episode raises the flag (rules.md 3.4, 10.3 [P]).</summary>
    public int QsofaFlagAtOrAbove { get; init; } = 2;
}
