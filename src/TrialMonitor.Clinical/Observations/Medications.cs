namespace TrialMonitor.Clinical.Observations;

/// <summary>What the rules need to know about a medication; one drug may belong to several classes.</summary>
[Flags]
public enum MedicationClass : byte
{
    None = 0,
    /// <summary>Anti-cytokine therapy: masks fever once CRS is established (ASTCT footnote, rules.md 1.1 note 2).</summary>
    AntiCytokine = 1,
    /// <summary>Corticosteroid: masks fever once CRS is established (rules.md 1.1 note 2).</summary>
    Corticosteroid = 2,
    /// <summary>Antipyretic: masks fever once CRS is established (rules.md 1.1 note 2).</summary>
    Antipyretic = 4,
    /// <summary>Immunosuppressive therapy used for IEC-HS: makes IEC-HS at least grade 2 (rules.md 4.3).</summary>
    IecHsTherapy = 8,
    /// <summary>Fibrinogen replacement for hypofibrinogenaemia (rules.md 4.3).</summary>
    FibrinogenReplacement = 16,
    Anticonvulsant = 32,
    Antimicrobial = 64,
}

/// <summary>
/// The medications the rules recognise. The contract leaves the list open ("..."), so an unknown
/// name is accepted and flagged for review rather than rejected: it is kept, but no rule uses it.
/// </summary>
public static class Medications
{
    private static readonly Dictionary<string, MedicationClass> Known = new(StringComparer.Ordinal)
    {
        ["tocilizumab"] = MedicationClass.AntiCytokine,
        ["siltuximab"] = MedicationClass.AntiCytokine,
        ["anakinra"] = MedicationClass.AntiCytokine | MedicationClass.IecHsTherapy,
        ["emapalumab"] = MedicationClass.AntiCytokine | MedicationClass.IecHsTherapy,
        ["ruxolitinib"] = MedicationClass.IecHsTherapy,
        ["etoposide"] = MedicationClass.IecHsTherapy,
        ["dexamethasone"] = MedicationClass.Corticosteroid | MedicationClass.IecHsTherapy,
        ["methylprednisolone"] = MedicationClass.Corticosteroid | MedicationClass.IecHsTherapy,
        ["hydrocortisone"] = MedicationClass.Corticosteroid,
        ["prednisolone"] = MedicationClass.Corticosteroid,
        ["prednisone"] = MedicationClass.Corticosteroid,
        ["paracetamol"] = MedicationClass.Antipyretic,
        ["acetaminophen"] = MedicationClass.Antipyretic,
        ["ibuprofen"] = MedicationClass.Antipyretic,
        ["metamizole"] = MedicationClass.Antipyretic,
        ["cryoprecipitate"] = MedicationClass.FibrinogenReplacement,
        ["fibrinogen-concentrate"] = MedicationClass.FibrinogenReplacement,
        ["levetiracetam"] = MedicationClass.Anticonvulsant,
        ["lorazepam"] = MedicationClass.Anticonvulsant,
        ["diazepam"] = MedicationClass.Anticonvulsant,
        ["midazolam"] = MedicationClass.Anticonvulsant,
        ["piperacillin-tazobactam"] = MedicationClass.Antimicrobial,
        ["cefepime"] = MedicationClass.Antimicrobial,
        ["meropenem"] = MedicationClass.Antimicrobial,
        ["vancomycin"] = MedicationClass.Antimicrobial,
    };

    public static IReadOnlyCollection<string> KnownNames => Known.Keys;

    public static bool TryClassify(string name, out MedicationClass classes) => Known.TryGetValue(name, out classes);

    /// <summary>Fever-masking therapies of ASTCT's masked-fever rule (rules.md 1.3 R3).</summary>
    public const MedicationClass FeverMasking =
        MedicationClass.AntiCytokine | MedicationClass.Corticosteroid | MedicationClass.Antipyretic;
}
