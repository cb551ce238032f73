using TrialMonitor.Persistence;

namespace TrialMonitor.Persistence.Tests;

/// <summary>Group commit over the real SQLite log: every caller gets its own rows' fate, and duplicates stay duplicates.</summary>
public sealed class GroupCommitObservationLogTests
{
    private static readonly DateTimeOffset At = new(2026, 4, 1, 10, 0, 0, TimeSpan.FromHours(2));

    private static async Task<SqliteObservationLog> NewSqliteLogAsync()
    {
        var options = new StorageOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "trialmonitor-persistence-tests", Guid.NewGuid().ToString("N")) };
        await SchemaInstaller.InstallAsync(options);
        return new SqliteObservationLog(options.ResolveConnectionString());
    }

    private static LoggedObservation Row(string id, string patient, decimal value = 37.0m) =>
        new(id, patient, "8310-5", value.ToString(System.Globalization.CultureInfo.InvariantCulture), "Cel", At, At.AddMinutes(1));

    [Fact]
    public async Task Concurrent_appends_each_learn_which_of_their_rows_were_new_and_the_first_of_an_id_wins()
    {
        var inner = await NewSqliteLogAsync();
        await using var log = new GroupCommitObservationLog(inner);

        // 50 callers at once, each with 20 rows; every caller also repeats one id of the previous caller.
        var appends = Enumerable.Range(0, 50).Select(caller => log.AppendAsync(
            [.. Enumerable.Range(0, 20).Select(i => Row($"c{caller}-{i}", $"P-{caller}")), Row($"c{Math.Max(0, caller - 1)}-0", $"P-{caller}", 39.9m)])).ToArray();
        var results = await Task.WhenAll(appends);

        Assert.All(results, r => Assert.Equal(21, r.Count));
        Assert.All(results, r => Assert.All(r.Take(20), sequence => Assert.NotNull(sequence)));
        Assert.All(results, r => Assert.Null(r[20]));
        var sequences = results.SelectMany(r => r).Where(s => s is not null).ToArray();
        Assert.Equal(1000, sequences.Length);
        Assert.Equal(1000, sequences.Distinct().Count());

        // The first value of a repeated id stands.
        var first = Assert.Single(await inner.ReadPatientAsync("P-0"), r => r.Id == "c0-0");
        Assert.Equal("37.0", first.ValueJson);
        Assert.Equal(At, first.EffectiveAt);
        Assert.Equal(At.Offset, first.EffectiveAt.Offset);
        Assert.Equal(20, (await inner.ReadPatientAsync("P-7")).Count);
    }

    [Fact]
    public async Task A_failed_commit_fails_every_caller_in_it_and_the_next_commit_works()
    {
        var failing = new FailingOnceLog(await NewSqliteLogAsync());
        await using var log = new GroupCommitObservationLog(failing);

        await Assert.ThrowsAsync<InvalidOperationException>(() => log.AppendAsync([Row("f-1", "P-F")]));
        var after = await log.AppendAsync([Row("f-1", "P-F"), Row("f-2", "P-F")]);

        Assert.All(after, sequence => Assert.NotNull(sequence));
    }

    [Fact]
    public async Task A_second_commit_runs_beside_the_first_only_once_enough_rows_wait_and_never_a_third()
    {
        var inner = new HeldLog(await NewSqliteLogAsync());
        await using var log = new GroupCommitObservationLog(inner, maxConcurrentCommits: 2, concurrentFromRows: 100);

        // The first append starts a commit at once, and it is held open.
        var first = log.AppendAsync([Row("h-1", "P-H1")]);
        await inner.WaitForStartedAsync(1);

        // 99 rows wait: fewer than 100, so they wait for the first commit.
        var small = log.AppendAsync([.. Enumerable.Range(0, 99).Select(i => Row($"s-{i}", "P-H2"))]);
        await Task.Delay(200);
        Assert.Equal(1, inner.Started);

        // One more row makes 100 waiting: a second commit starts beside the first.
        var more = log.AppendAsync([Row("s-99", "P-H3")]);
        await inner.WaitForStartedAsync(2);
        Assert.Equal(100, inner.RowsOfCommit(1));

        // Two are in flight: however many rows wait, a third does not start.
        var third = log.AppendAsync([.. Enumerable.Range(0, 500).Select(i => Row($"t-{i}", "P-H4"))]);
        await Task.Delay(200);
        Assert.Equal(2, inner.Started);

        inner.ReleaseAll();
        var results = await Task.WhenAll(first, small, more, third);
        Assert.All(results.SelectMany(r => r), sequence => Assert.NotNull(sequence));
        Assert.Equal(2, inner.MostAtOnce);
        Assert.Equal(3, inner.Started);
    }

    [Fact]
    public async Task Concurrent_commits_keep_each_callers_rows_and_the_first_of_an_id()
    {
        var inner = await NewSqliteLogAsync();
        await using var log = new GroupCommitObservationLog(inner, maxConcurrentCommits: 2, concurrentFromRows: 10);

        // As the concurrent case above, with room for two transactions: every caller's fate is its own.
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(caller => log.AppendAsync(
            [.. Enumerable.Range(0, 20).Select(i => Row($"k{caller}-{i}", $"K-{caller}")), Row($"k{Math.Max(0, caller - 1)}-0", $"K-{caller}", 39.9m)])));

        Assert.All(results, r => Assert.All(r.Take(20), sequence => Assert.NotNull(sequence)));
        Assert.All(results, r => Assert.Null(r[20]));
        Assert.Equal(1000, results.SelectMany(r => r).Where(s => s is not null).Distinct().Count());
        Assert.Equal("37.0", Assert.Single(await inner.ReadPatientAsync("K-0"), r => r.Id == "k0-0").ValueJson);
    }

    /// <summary>Holds every commit open until released, counting how many were in flight at once.</summary>
    private sealed class HeldLog(IObservationLog inner) : IObservationLog
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<int> _rowsByCommit = [];
        private int _inFlight;

        public int Started { get { lock (_rowsByCommit) return _rowsByCommit.Count; } }

        public int MostAtOnce { get; private set; }

        public int RowsOfCommit(int index) { lock (_rowsByCommit) return _rowsByCommit[index]; }

        public async Task WaitForStartedAsync(int count)
        {
            for (var i = 0; i < 200 && Started < count; i++) await Task.Delay(25);
            Assert.Equal(count, Started);
        }

        public void ReleaseAll() => _release.TrySetResult();

        public async Task<IReadOnlyList<long?>> AppendAsync(IReadOnlyList<LoggedObservation> rows, CancellationToken cancellationToken = default)
        {
            lock (_rowsByCommit)
            {
                _rowsByCommit.Add(rows.Count);
                MostAtOnce = Math.Max(MostAtOnce, ++_inFlight);
            }

            await _release.Task;
            lock (_rowsByCommit) _inFlight--;
            return await inner.AppendAsync(rows, cancellationToken);
        }

        public Task<IReadOnlyList<LoggedObservation>> ReadPatientAsync(string patientId, CancellationToken cancellationToken = default) => inner.ReadPatientAsync(patientId, cancellationToken);

        public Task QuarantineAsync(IReadOnlyList<QuarantinedObservation> rows, CancellationToken cancellationToken = default) => inner.QuarantineAsync(rows, cancellationToken);

        public Task<long> CountQuarantinedAsync(CancellationToken cancellationToken = default) => inner.CountQuarantinedAsync(cancellationToken);
    }

    private sealed class FailingOnceLog(IObservationLog inner) : IObservationLog
    {
        private int _calls;

        public Task<IReadOnlyList<long?>> AppendAsync(IReadOnlyList<LoggedObservation> rows, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _calls) == 1 ? throw new InvalidOperationException("the database went away") : inner.AppendAsync(rows, cancellationToken);

        public Task<IReadOnlyList<LoggedObservation>> ReadPatientAsync(string patientId, CancellationToken cancellationToken = default) => inner.ReadPatientAsync(patientId, cancellationToken);

        public Task QuarantineAsync(IReadOnlyList<QuarantinedObservation> rows, CancellationToken cancellationToken = default) => inner.QuarantineAsync(rows, cancellationToken);

        public Task<long> CountQuarantinedAsync(CancellationToken cancellationToken = default) => inner.CountQuarantinedAsync(cancellationToken);
    }
}
