namespace TrialMonitor.Clinical.Rules.CarHematotox;

/// <summary>
/// Where baseline labs are taken from: the latest value drawn from day −14 to day −5 inclusive, i.e. before
/// lymphodepletion (CAR-HEMATOTOX "day −5", Rejeski 2021; EASIX "pre-LD", Korell 2022). The window is a
/// project choice [P]: lymphodepletion commonly runs days −5 to −3.
/// </summary>
public sealed record BaselineOptions
{
    public int FirstDay { get; init; } = -14;

    public int LastDay { get; init; } = -5;
}
