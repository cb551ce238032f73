using System.Diagnostics;
using System.Threading.Channels;

namespace TrialMonitor.Persistence;

/// <summary>
/// Group commit: appends that arrive while a transaction is in flight wait and go together in the next one, so a
/// request that fans out to hundreds of patient grains costs a few commits, not one per patient. Nothing is held
/// back on purpose: an append that finds the writer idle is written at once. Each caller's task completes only
/// when the transaction holding its rows has committed.
/// </summary>
/// <remarks>
/// With <c>maxConcurrentCommits</c> above one (PostgreSQL), a further transaction starts while others are in flight once
/// at least <c>concurrentFromRows</c> rows wait: one writer at a time left the database's second core idle while each
/// request waited for the commit before its own (bench/README.md). A patient grain awaits each append before the next,
/// so a patient's rows are never in two transactions at once and its sequence numbers still rise in append order.
/// </remarks>
public sealed class GroupCommitObservationLog : IObservationLog, IAsyncDisposable
{
    private readonly IObservationLog _inner;
    private readonly string _database;
    private readonly int _maxRowsPerCommit;
    private readonly int _maxConcurrentCommits;
    private readonly int _concurrentFromRows;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public GroupCommitObservationLog(IObservationLog inner, int maxRowsPerCommit = 20_000, int maxConcurrentCommits = 1, int concurrentFromRows = 256)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowsPerCommit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentCommits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrentFromRows, 1);
        _inner = inner;
        _database = StorageTelemetry.DatabaseOf(inner);
        _maxRowsPerCommit = maxRowsPerCommit;
        _maxConcurrentCommits = maxConcurrentCommits;
        _concurrentFromRows = concurrentFromRows;
        _writer = Task.Run(WriteAsync);
    }

    public Task<IReadOnlyList<long?>> AppendAsync(IReadOnlyList<LoggedObservation> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return Task.FromResult<IReadOnlyList<long?>>([]);
        // Null when nobody listens (no tracing): then nothing is allocated for it.
        var activity = StorageTelemetry.Source.StartActivity("observation_log append", ActivityKind.Internal);
        activity?.SetTag("db.system.name", _database);
        activity?.SetTag("trialmonitor.rows", rows.Count);
        var pending = new PendingAppend(rows, new TaskCompletionSource<IReadOnlyList<long?>>(TaskCreationOptions.RunContinuationsAsynchronously), activity?.Context);
        if (!_queue.Writer.TryWrite(pending))
        {
            activity?.Dispose();
            throw new ObjectDisposedException(GetType().FullName);
        }

        var completion = pending.Completion.Task.WaitAsync(cancellationToken);
        return activity is null ? completion : EndWhenDoneAsync(completion, activity);
    }

    private static async Task<IReadOnlyList<long?>> EndWhenDoneAsync(Task<IReadOnlyList<long?>> completion, Activity activity)
    {
        using (activity)
        {
            try
            {
                return await completion.ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
                throw;
            }
        }
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
        var waiting = new Queue<PendingAppend>();
        var waitingRows = 0;
        var inFlight = new List<Task>(_maxConcurrentCommits);
        Task<bool>? more = null;
        var open = true;
        while (open || waiting.Count > 0 || inFlight.Count > 0)
        {
            while (reader.TryRead(out var pending))
            {
                waiting.Enqueue(pending);
                waitingRows += pending.Rows.Count;
            }

            inFlight.RemoveAll(commit => commit.IsCompleted);
            // The first transaction starts at once; another only beside it once it is worth a COPY.
            if (waiting.Count > 0 && inFlight.Count < _maxConcurrentCommits && (inFlight.Count == 0 || waitingRows >= _concurrentFromRows))
            {
                var group = new List<PendingAppend>();
                var rowCount = 0;
                while (waiting.Count > 0 && (group.Count == 0 || rowCount + waiting.Peek().Rows.Count <= _maxRowsPerCommit))
                {
                    var next = waiting.Dequeue();
                    group.Add(next);
                    rowCount += next.Rows.Count;
                }

                waitingRows -= rowCount;
                inFlight.Add(CommitAsync(group, rowCount));
                continue;
            }

            // Nothing to start: wait for more appends or for a commit to end.
            if (open && more is null) more = reader.WaitToReadAsync().AsTask();
            if (inFlight.Count == 0 && more is null) break;
            var woken = await Task.WhenAny(more is null ? inFlight : [.. inFlight, more]).ConfigureAwait(false);
            if (woken == more)
            {
                open = await more.ConfigureAwait(false);
                more = null;
            }
        }
    }

    private async Task CommitAsync(List<PendingAppend> group, int rowCount)
    {
        // Off the dispatcher's turn, so that it can gather the next group meanwhile.
        await Task.Yield();
        var rows = new List<LoggedObservation>(rowCount);
        foreach (var pending in group) rows.AddRange(pending.Rows);
        // The commit belongs to the first caller's trace and links to the other callers' spans. It is the current
        // activity while the inner log runs, so a database driver's own spans (Npgsql) nest under it.
        using var commit = StartCommitActivity(group, rowCount);
        var started = Stopwatch.GetTimestamp();
        try
        {
            // The inner log gives each id's first occurrence its sequence and later ones null, across callers too.
            var sequences = await _inner.AppendAsync(rows).ConfigureAwait(false);
            StorageTelemetry.Committed(_database, Stopwatch.GetElapsedTime(started), rowCount);
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
            commit?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            foreach (var pending in group) pending.Completion.TrySetException(exception);
        }
    }

    private Activity? StartCommitActivity(List<PendingAppend> group, int rowCount)
    {
        if (!StorageTelemetry.Source.HasListeners()) return null;
        var parent = group.FirstOrDefault(p => p.Caller is not null)?.Caller ?? default;
        var links = group.Where(p => p.Caller is { } caller && caller != parent).Select(p => new ActivityLink(p.Caller!.Value)).ToArray();
        // No ambient parent: the writer loop runs outside any request, and the commit's parent is the first caller.
        Activity.Current = null;
        var activity = StorageTelemetry.Source.StartActivity("observation_log commit", ActivityKind.Client, parent, links: links);
        activity?.SetTag("db.system.name", _database);
        activity?.SetTag("trialmonitor.rows", rowCount);
        activity?.SetTag("trialmonitor.callers", group.Count);
        return activity;
    }

    private sealed record PendingAppend(IReadOnlyList<LoggedObservation> Rows, TaskCompletionSource<IReadOnlyList<long?>> Completion, ActivityContext? Caller);
}
