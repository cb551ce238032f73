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
