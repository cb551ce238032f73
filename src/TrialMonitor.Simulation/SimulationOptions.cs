namespace TrialMonitor.Simulation;

/// <summary>The simulated multi-center trial, bound from the configuration section <c>Simulation</c>.</summary>
public sealed class SimulationOptions
{
    public const string SectionName = "Simulation";

    /// <summary>The French centers that run the trial when <see cref="Centers"/> is left empty.</summary>
    public static IReadOnlyList<string> DefaultCenters { get; } =
        ["FR-BDX", "FR-LIL", "FR-PAR", "FR-STR", "FR-TLS", "FR-NCY", "FR-NTE", "FR-MRS", "FR-CFD"];

    public bool Enabled { get; set; }

    public string TrialId { get; set; } = "CART-SLE-01";

    /// <summary>
    /// The centers; empty means <see cref="DefaultCenters"/>. The list starts empty because the configuration
    /// binder appends to a list it finds filled, so a default list could never be replaced.
    /// </summary>
    public IList<string> Centers { get; set; } = [];

    public int PatientsPerCenter { get; set; } = 3;

    /// <summary>Simulated seconds per real second while the simulation catches up with the real clock.</summary>
    public double Acceleration { get; set; } = 600;

    public int Seed { get; set; } = 20260302;

    /// <summary>Where to post; unset means the server's own address.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// The bearer token to post with (roles device and admin for the simulated centers); unset means one the hosting
    /// server issues itself.
    /// </summary>
    public string? BearerToken { get; set; }

    /// <summary>How often due observations are released and posted.</summary>
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The trial starts at the UTC midnight this many days before now.</summary>
    public int HistoryDays { get; set; } = 14;

    /// <summary>Observations per request; the contract allows at most 10,000.</summary>
    public int MaxBatchSize { get; set; } = 5_000;

    public IReadOnlyList<string> EffectiveCenters => Centers.Count > 0 ? [.. Centers] : DefaultCenters;

    /// <summary>What is wrong with these options, each as a sentence naming the setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(TrialId)) errors.Add("Simulation:TrialId is required");
        if (EffectiveCenters.Any(string.IsNullOrWhiteSpace)) errors.Add("Simulation:Centers must not contain an empty center id");
        if (EffectiveCenters.Distinct(StringComparer.Ordinal).Count() != EffectiveCenters.Count) errors.Add("Simulation:Centers lists a center twice");
        if (PatientsPerCenter is < 1 or > 999) errors.Add($"Simulation:PatientsPerCenter is {PatientsPerCenter}; it must be from 1 to 999");
        if (!(Acceleration >= 1) || double.IsInfinity(Acceleration)) errors.Add($"Simulation:Acceleration is {Acceleration}; it must be at least 1 (simulated seconds per real second)");
        if (BatchInterval <= TimeSpan.Zero) errors.Add($"Simulation:BatchInterval is {BatchInterval}; it must be positive");
        if (HistoryDays is < 0 or > 45) errors.Add($"Simulation:HistoryDays is {HistoryDays}; it must be from 0 to 45");
        if (MaxBatchSize is < 1 or > 10_000) errors.Add($"Simulation:MaxBatchSize is {MaxBatchSize}; the contract allows 1 to 10,000 observations per request");
        if (!string.IsNullOrEmpty(BaseUrl) && !Uri.TryCreate(BaseUrl, UriKind.Absolute, out _)) errors.Add($"Simulation:BaseUrl '{BaseUrl}' is not an absolute URL");
        return errors;
    }
}
