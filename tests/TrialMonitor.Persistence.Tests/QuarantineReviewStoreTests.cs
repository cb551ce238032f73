using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Persistence.Tests;

/// <summary>
/// The quarantine's review columns: added in place to a database from before them (install is idempotent), and a
/// row is reviewed once only, whoever comes second loses.
/// </summary>
public abstract class QuarantineReviewStoreTests
{
    /// <summary>An empty database with the quarantine table as it was before review, holding one row of center C-OLD.</summary>
    protected abstract Task<StorageOptions> NewPreReviewStoreAsync();

    protected abstract IQuarantineReview Open(StorageOptions store);

    protected abstract DbConnection Connect(StorageOptions store);

    [Fact]
    public async Task A_database_from_before_review_gets_the_columns_and_its_rows_are_pending()
    {
        var store = await NewPreReviewStoreAsync();
        await SchemaInstaller.InstallAsync(store);
        await SchemaInstaller.InstallAsync(store);

        var review = Open(store);
        var old = Assert.Single(await review.ListQuarantineAsync("C-OLD", QuarantineStatus.Pending, 0, 10));
        Assert.Equal("old-1", old.ObservationId);
        Assert.Equal(QuarantineStatus.Pending, old.Status);
        Assert.Null(old.ReviewedBy);
        Assert.True(await review.MarkReviewedAsync(old.Id, QuarantineStatus.Discarded, "dm", "old test row", DateTimeOffset.UtcNow));
        await SchemaInstaller.InstallAsync(store);
        Assert.Equal(QuarantineStatus.Discarded, (await review.GetQuarantinedAsync(old.Id))!.Status);
    }

    [Fact]
    public async Task Of_two_concurrent_reviews_exactly_one_wins_and_lists_filter_by_center_status_and_id()
    {
        var store = await NewPreReviewStoreAsync();
        await SchemaInstaller.InstallAsync(store);
        var review = Open(store);
        var now = DateTimeOffset.UtcNow;
        await ((IObservationLog)review).QuarantineAsync(
        [
            new QuarantinedObservation("a-1", "P-A", "C-A", "{}", "value", "value: outside", now),
            new QuarantinedObservation("a-2", "P-A", "C-A", "{}", "unit", "unit: not valid", now),
            new QuarantinedObservation("n-1", "P-X", null, "{}", "patientId", "patientId: not enrolled", now),
        ]);

        var rows = await review.ListQuarantineAsync("C-A", null, 0, 10);
        Assert.Equal(["a-1", "a-2"], rows.Select(r => r.ObservationId));
        Assert.Equal(["a-2"], (await review.ListQuarantineAsync("C-A", null, rows[0].Id, 10)).Select(r => r.ObservationId));
        Assert.Equal(["a-1"], (await review.ListQuarantineAsync("C-A", null, 0, 1)).Select(r => r.ObservationId));
        Assert.Equal(["n-1"], (await review.ListQuarantineAsync(IQuarantineReview.Unassigned, null, 0, 10)).Select(r => r.ObservationId));

        var outcomes = await Task.WhenAll(
            review.MarkReviewedAsync(rows[0].Id, QuarantineStatus.Released, "dm-1", "first", now),
            review.MarkReviewedAsync(rows[0].Id, QuarantineStatus.Discarded, "dm-2", "second", now));
        Assert.Single(outcomes, won => won);
        Assert.False(await review.MarkReviewedAsync(rows[0].Id, QuarantineStatus.Discarded, "dm-3", "third", now));
        Assert.False(await review.MarkReviewedAsync(long.MaxValue, QuarantineStatus.Discarded, "dm-3", "nothing", now));

        var reviewed = (await review.GetQuarantinedAsync(rows[0].Id))!;
        Assert.Contains(reviewed.ReviewedBy, (string[])["dm-1", "dm-2"]);
        Assert.NotNull(reviewed.ReviewedAt);
        Assert.Equal(["a-2"], (await review.ListQuarantineAsync("C-A", QuarantineStatus.Pending, 0, 10)).Select(r => r.ObservationId));
        Assert.Equal([rows[0].Id], (await review.ListQuarantineAsync("C-A", reviewed.Status, 0, 10)).Select(r => r.Id));
    }

    protected static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class QuarantineReviewStoreOnSqliteTests : QuarantineReviewStoreTests
{
    protected override async Task<StorageOptions> NewPreReviewStoreAsync()
    {
        var options = new StorageOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "trialmonitor-persistence-tests", Guid.NewGuid().ToString("N")) };
        Directory.CreateDirectory(options.DataDirectory);
        await using var connection = Connect(options);
        await connection.OpenAsync();
        await ExecuteAsync(connection, """
            CREATE TABLE observation_quarantine
            (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, observation_id TEXT NULL, patient_id TEXT NULL, center_id TEXT NULL,
                body_json TEXT NOT NULL, field TEXT NOT NULL, reason TEXT NOT NULL, received_at TEXT NOT NULL
            );
            INSERT INTO observation_quarantine (observation_id, patient_id, center_id, body_json, field, reason, received_at)
            VALUES ('old-1', 'P-OLD', 'C-OLD', '{}', 'value', 'value: outside', '2026-01-01T00:00:00.0000000+00:00');
            """);
        return options;
    }

    protected override IQuarantineReview Open(StorageOptions store) => new SqliteObservationLog(store.ResolveConnectionString());

    protected override DbConnection Connect(StorageOptions store) => new SqliteConnection(store.ResolveConnectionString());
}

public sealed class QuarantineReviewStoreOnPostgresTests : QuarantineReviewStoreTests
{
    protected override async Task<StorageOptions> NewPreReviewStoreAsync()
    {
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = PostgresServer.CreateDatabase() };
        await using var connection = Connect(options);
        await connection.OpenAsync();
        await ExecuteAsync(connection, """
            CREATE TABLE observation_quarantine
            (
                seq BIGSERIAL PRIMARY KEY, observation_id TEXT NULL, patient_id TEXT NULL, center_id TEXT NULL,
                body_json TEXT NOT NULL, field TEXT NOT NULL, reason TEXT NOT NULL, received_at TIMESTAMPTZ NOT NULL
            );
            INSERT INTO observation_quarantine (observation_id, patient_id, center_id, body_json, field, reason, received_at)
            VALUES ('old-1', 'P-OLD', 'C-OLD', '{}', 'value', 'value: outside', '2026-01-01T00:00:00Z');
            """);
        return options;
    }

    protected override IQuarantineReview Open(StorageOptions store) => new PostgresObservationLog(NpgsqlDataSource.Create(store.ConnectionString!));

    protected override DbConnection Connect(StorageOptions store) => new NpgsqlConnection(store.ConnectionString);
}
