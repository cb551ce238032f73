namespace TrialMonitor.Simulation;

/// <summary>
/// The address of the server that hosts the simulation, used when <see cref="SimulationOptions.BaseUrl"/> is
/// unset. The server registers one that reads its own listening address once it has started.
/// </summary>
public interface ISimulationTarget
{
    Uri? BaseAddress { get; }
}
