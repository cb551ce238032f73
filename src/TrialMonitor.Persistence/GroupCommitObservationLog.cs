using System.Threading.Channels;

namespace TrialMonitor.Persistence;

/// <summary>
/// Group commit: appends that arrive while a transaction is in flight wait and go together in the next one, so a
/// request that fans out to hundreds of patient grains costs a few commits, not one per patient. Nothing is held
/// back on purpose: an append that finds the writer idle is written at once. Each caller's task completes only
/// when the transaction holding its rows has committed.
/// </summary>
public sealed class GroupCommitObservationLog : IObservationLog, IAsyncDisposable
{
    private readonly IObservationLog _inner;
    private readonly int _maxRowsPerCommit;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public GroupCommitObservationLog(IObservationLog inner, int maxRowsPerCommit = 20_000)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowsPerCommit, 1);
        _inner = inner;
        _maxRowsPerCommit = maxRowsPerCommit;
        _writer = Task.Run(WriteAsync);
    }

    public Task<IReadOnlyList<long?>> AppendAsync(IReadOnlyList<LoggedObservation> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return Task.FromResult<IReadOnlyList<long?>>([]);
        var pending = new PendingAppend(rows, new TaskCompletionSource<IReadOnlyList<long?>>(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<LoggedObservation>> ReadPatientAsync(string patientId, CancellationToken cancellationToken = default) =>
        _inner.ReadPatientAsync(patientId, cancellationToken);

    public Task QuarantineAsync(IReadOnlyList<QuarantinedObservation> rows, CancellationToken cancellationToken = default) =>
        _inner.QuarantineAsync(rows, cancellationToken);

    public Task<long> CountQuarantinedAsync(CancellationToken cancellationToken = default) => _inner.CountQuarantinedAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        if (_inner is IDisposable disposable) disposable.Dispose();
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        var group = new List<PendingAppend>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            var rowCount = 0;
            while (rowCount < _maxRowsPerCommit && reader.TryRead(out var pending))
            {
                group.Add(pending);
                rowCount += pending.Rows.Count;
            }

            var rows = new List<LoggedObservation>(rowCount);
            foreach (var pending in group) rows.AddRange(pending.Rows);
            try
            {
                // The inner log gives each id's first occurrence its sequence and later ones null, across callers too.
                var sequences = await _inner.AppendAsync(rows).ConfigureAwait(false);
                var offset = 0;
                foreach (var pending in group)
                {
                    var slice = new long?[pending.Rows.Count];
                    for (var i = 0; i < slice.Length; i++) slice[i] = sequences[offset + i];
                    offset += slice.Length;
                    pending.Completion.TrySetResult(slice);
                }
            }
            catch (Exception exception)
            {
                foreach (var pending in group) pending.Completion.TrySetException(exception);
            }
        }
    }

    private sealed record PendingAppend(IReadOnlyList<LoggedObservation> Rows, TaskCompletionSource<IReadOnlyList<long?>> Completion);
}
