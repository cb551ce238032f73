using TrialMonitor.Persistence;

namespace TrialMonitor.Grains.Tests.Support;

/// <summary>
/// The real log, except that while <see cref="Armed"/> an append waits for <see cref="Open"/>: the test then knows
/// a patient grain is inside <c>IngestAsync</c>, after the checks and before the grading.
/// </summary>
public sealed class GatedObservationLog(IObservationLog inner) : IObservationLog
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Armed { get; set; }

    /// <summary>Completes when an append reached the gate.</summary>
    public Task Entered => _entered.Task;

    public void Open() => _open.TrySetResult();

    public async Task<IReadOnlyList<long?>> AppendAsync(IReadOnlyList<LoggedObservation> rows, CancellationToken cancellationToken = default)
    {
        if (Armed)
        {
            _entered.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken);
        }

        return await inner.AppendAsync(rows, cancellationToken);
    }

    public Task<IReadOnlyList<LoggedObservation>> ReadPatientAsync(string patientId, CancellationToken cancellationToken = default) =>
        inner.ReadPatientAsync(patientId, cancellationToken);

    public Task QuarantineAsync(IReadOnlyList<QuarantinedObservation> rows, CancellationToken cancellationToken = default) =>
        inner.QuarantineAsync(rows, cancellationToken);

    public Task<long> CountQuarantinedAsync(CancellationToken cancellationToken = default) => inner.CountQuarantinedAsync(cancellationToken);
}
