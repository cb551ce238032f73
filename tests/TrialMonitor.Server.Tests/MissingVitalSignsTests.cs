using System.Text.Json;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>No vital signs for more than 6 h during days 0–14 raises a missing-data alert at the wall clock (rules.md 10.2).</summary>
public sealed class MissingVitalSignsTests
{
    [Fact]
    public async Task A_patient_whose_vital_signs_stopped_gets_a_missing_data_alert_and_one_with_recent_readings_does_not()
    {
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        factory.Settings["Monitoring:VitalSignsCheckInterval"] = "00:00:01";
        using var client = factory.CreateClient();
        var now = DateTimeOffset.UtcNow;
        await TrialMonitorApi.EnrolAsync(client, "MISS-001", "MISS-CTR", now.AddDays(-2));
        // Infused 2 h ago: not overdue even before its first reading arrives, whenever the check happens to run.
        await TrialMonitorApi.EnrolAsync(client, "MISS-002", "MISS-CTR", now.AddHours(-2));
        await TrialMonitorApi.EnrolAsync(client, "MISS-003", "MISS-CTR", now.AddDays(-20));
        await TrialMonitorApi.PostObservationsAsync(client,
        [
            TrialMonitorApi.Observation("miss-1", "MISS-001", "8867-4", 80m, "/min", now.AddHours(-7)),
            TrialMonitorApi.Observation("miss-2", "MISS-002", "8867-4", 80m, "/min", now.AddHours(-1)),
            TrialMonitorApi.Observation("miss-3", "MISS-003", "8867-4", 80m, "/min", now.AddDays(-19)),
        ]);

        JsonElement[] alerts = [];
        for (var attempt = 0; attempt < 40 && alerts.Length == 0; attempt++)
        {
            await Task.Delay(250);
            alerts = (await TrialMonitorApi.GetJsonAsync(client, "/api/v1/centers/MISS-CTR/alerts")).EnumerateArray()
                .Where(a => a.GetProperty("kind").GetString() == "missing-data").ToArray();
        }

        // MISS-002 has a reading an hour old; MISS-003 is past day 14, when the expectation ends.
        var alert = Assert.Single(alerts);
        Assert.Equal("MISS-001", alert.GetProperty("patientId").GetString());
        Assert.Equal("info", alert.GetProperty("severity").GetString());
        Assert.StartsWith("no vital signs since", alert.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Checked again every second: still one alert, not one per check.
        await Task.Delay(2500);
        Assert.Single((await TrialMonitorApi.GetJsonAsync(client, "/api/v1/centers/MISS-CTR/alerts")).EnumerateArray(),
            a => a.GetProperty("kind").GetString() == "missing-data");
    }
}
