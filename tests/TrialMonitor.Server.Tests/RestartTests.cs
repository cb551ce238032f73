using TrialMonitor.Persistence;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>Durability on the embedded store: a restarted process has every grade and alert, and replays the log.</summary>
public abstract class RestartTests
{
    private static readonly DateTimeOffset InfusionAt = DateTimeOffset.UtcNow.AddDays(-5);

    protected abstract StorageTarget NewStorage();

    [Fact]
    public async Task After_a_restart_grades_and_alerts_are_back_and_a_resent_batch_is_all_duplicates()
    {
        var storage = NewStorage();
        var vignette = Vignettes.Named("V7");
        string statusBefore, alertsBefore;
        await using (var first = new TrialMonitorFactory(storage))
        {
            using var client = first.CreateClient();
            await TrialMonitorApi.EnrolAsync(client, "RST-001", "RST-CTR", Vignettes.InfusionAt);
            await TrialMonitorApi.PostObservationsAsync(client, Vignettes.For(vignette, "RST-001", "rst-"));
            statusBefore = (await TrialMonitorApi.GetJsonAsync(client, "/api/v1/patients/RST-001/status")).GetRawText();
            alertsBefore = (await TrialMonitorApi.GetJsonAsync(client, "/api/v1/centers/RST-CTR/alerts")).GetRawText();
        }

        await using var second = new TrialMonitorFactory(storage);
        using var again = second.CreateClient();
        Assert.Equal(statusBefore, (await TrialMonitorApi.GetJsonAsync(again, "/api/v1/patients/RST-001/status")).GetRawText());
        Assert.Equal(alertsBefore, (await TrialMonitorApi.GetJsonAsync(again, "/api/v1/centers/RST-CTR/alerts")).GetRawText());
        Assert.Contains("\"grade\":3", alertsBefore, StringComparison.Ordinal);

        var resent = await TrialMonitorApi.PostObservationsAsync(again, Vignettes.For(vignette, "RST-001", "rst-"));
        Assert.Equal(0, resent.GetProperty("accepted").GetInt32());
        Assert.Equal(vignette.Observations.Count, resent.GetProperty("duplicates").GetInt32());
        Assert.Equal(alertsBefore, (await TrialMonitorApi.GetJsonAsync(again, "/api/v1/centers/RST-CTR/alerts")).GetRawText());
    }

    [Fact]
    public async Task Observations_logged_but_not_yet_graded_when_the_process_died_are_replayed_once()
    {
        var storage = NewStorage();
        await using (var first = new TrialMonitorFactory(storage))
        {
            using var client = first.CreateClient();
            await TrialMonitorApi.EnrolAsync(client, "RST-002", "RST-CTR2", InfusionAt);
            await TrialMonitorApi.PostObservationsAsync(client, [TrialMonitorApi.Observation("crash-1", "RST-002", "8310-5", 37.0m, "Cel", InfusionAt.AddHours(10))]);
        }

        // The state of a crash between the log write and the grain's state write: the row is in the log, nothing else.
        var log = storage.OpenLog();
        var sequences = await log.AppendAsync([new LoggedObservation("crash-2", "RST-002", "8310-5", "39.1", "Cel", InfusionAt.AddHours(11), DateTimeOffset.UtcNow)]);
        Assert.NotNull(sequences[0]);

        for (var restart = 0; restart < 2; restart++)
        {
            await using var next = new TrialMonitorFactory(storage);
            using var client = next.CreateClient();
            var status = await TrialMonitorApi.GetJsonAsync(client, "/api/v1/patients/RST-002/status");
            var alerts = await TrialMonitorApi.GetJsonAsync(client, "/api/v1/centers/RST-CTR2/alerts");

            Assert.Equal(2, status.GetProperty("observationCount").GetInt32());
            Assert.Equal(1, status.GetProperty("crs").GetProperty("grade").GetInt32());
            var crs = Assert.Single(alerts.EnumerateArray(), a => a.GetProperty("kind").GetString() == "crs");
            Assert.Equal(1, crs.GetProperty("sequence").GetInt64());
        }
    }
}

public sealed class RestartOnSqliteTests : RestartTests
{
    protected override StorageTarget NewStorage() => StorageTarget.NewSqlite();
}

public sealed class RestartOnPostgresTests : RestartTests
{
    protected override StorageTarget NewStorage() => StorageTarget.NewPostgres();
}
