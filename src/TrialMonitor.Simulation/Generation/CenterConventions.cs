namespace TrialMonitor.Simulation.Generation;

/// <summary>
/// How one center records things: where it takes temperatures and in which units its laboratory reports.
/// Centers differ on purpose, so the server's unit conversions are exercised by ordinary traffic.
/// </summary>
internal sealed record CenterConventions(
    string TemperatureCode,
    string NeutrophilUnit,
    string PlateletUnit,
    string HaemoglobinUnit,
    string CrpUnit,
    string FerritinUnit,
    string CreatinineUnit)
{
    private static readonly string[] TemperatureCodes = [Codes.TemperatureTympanic, Codes.TemperatureUnspecified, Codes.TemperatureOral, Codes.TemperatureAxillary];
    private static readonly string[] CellUnits = ["10*9/L", "10*3/uL", "/uL"];

    private static readonly Dictionary<string, CenterConventions> Known = new(StringComparer.Ordinal)
    {
        ["FR-BDX"] = new(Codes.TemperatureTympanic, "10*9/L", "10*9/L", "g/dL", "mg/L", "ng/mL", "umol/L"),
        ["FR-LIL"] = new(Codes.TemperatureUnspecified, "/uL", "/uL", "g/L", "mg/L", "ug/L", "umol/L"),
        ["FR-PAR"] = new(Codes.TemperatureOral, "10*3/uL", "10*3/uL", "g/dL", "mg/dL", "ng/mL", "mg/dL"),
        ["FR-STR"] = new(Codes.TemperatureAxillary, "10*9/L", "10*9/L", "g/dL", "mg/L", "ug/L", "umol/L"),
        ["FR-TLS"] = new(Codes.TemperatureTympanic, "10*9/L", "10*9/L", "g/L", "mg/L", "ng/mL", "umol/L"),
        ["FR-NCY"] = new(Codes.TemperatureUnspecified, "10*3/uL", "10*9/L", "g/dL", "mg/L", "ng/mL", "umol/L"),
        ["FR-NTE"] = new(Codes.TemperatureOral, "10*9/L", "10*9/L", "g/dL", "mg/dL", "ug/L", "mg/dL"),
        ["FR-MRS"] = new(Codes.TemperatureTympanic, "/uL", "/uL", "g/dL", "mg/L", "ng/mL", "umol/L"),
        ["FR-CFD"] = new(Codes.TemperatureUnspecified, "10*9/L", "10*3/uL", "g/L", "mg/L", "ng/mL", "umol/L"),
    };

    public string CreatinineCode => CreatinineUnit == "mg/dL" ? Codes.CreatinineMass : Codes.CreatinineMoles;

    /// <summary>The conventions of a known center, or ones derived from the center id for any other.</summary>
    public static CenterConventions For(string centerId)
    {
        if (Known.TryGetValue(centerId, out var known)) return known;
        var random = new Random(StableSeed.Derive(0, StableSeed.Hash(centerId)));
        return new CenterConventions(
            TemperatureCodes[random.Next(TemperatureCodes.Length)],
            CellUnits[random.Next(CellUnits.Length)],
            CellUnits[random.Next(CellUnits.Length)],
            random.Chance(0.5) ? "g/dL" : "g/L",
            random.Chance(0.7) ? "mg/L" : "mg/dL",
            random.Chance(0.5) ? "ng/mL" : "ug/L",
            random.Chance(0.7) ? "umol/L" : "mg/dL");
    }
}
