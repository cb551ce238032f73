namespace TrialMonitor.Simulation;

/// <summary>
/// The address of the server that hosts the simulation, used when <see cref="SimulationOptions.BaseUrl"/> is
/// unset. The server registers one that reads its own listening address once it has started.
/// </summary>
public interface ISimulationTarget
{
    Uri? BaseAddress { get; }

    /// <summary>
    /// A bearer token for posting as a device of these centers (and configuring their on-call schedules), or null when
    /// the target cannot issue one; <see cref="SimulationOptions.BearerToken"/> then has to be given.
    /// </summary>
    string? BearerTokenFor(IReadOnlyList<string> centerIds) => null;
}
