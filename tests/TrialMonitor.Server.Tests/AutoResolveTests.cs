using System.Text.Json;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>An open alert resolves itself once its condition has been absent for the configured time (Alerts:Policy:AutoResolveAfter).</summary>
public sealed class AutoResolveTests
{
    [Fact]
    public async Task A_news2_alert_whose_score_falls_back_resolves_itself_after_the_configured_time_and_a_lasting_one_does_not()
    {
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        factory.Settings["Alerts:Policy:AutoResolveAfter"] = "00:00:02";
        factory.Settings["Monitoring:VitalSignsCheckInterval"] = "00:00:01";
        // Auto-resolution alone: with confirm-before-notify on, the recovering reading would refute the alert at once.
        factory.Settings["Alerts:ConfirmWithin:news2"] = "00:00:00";
        using var client = factory.CreateClient();
        var now = DateTimeOffset.UtcNow;
        await TrialMonitorApi.EnrolAsync(client, "AUTO-001", "AUTO-CTR", now.AddDays(-2));
        await TrialMonitorApi.EnrolAsync(client, "AUTO-002", "AUTO-CTR", now.AddDays(-2));

        // Systolic 88 alone scores 3: a single red NEWS2 parameter, urgent (rules.md 10.3). No fever, so no CRS.
        await TrialMonitorApi.PostObservationsAsync(client, [.. VitalSigns("AUTO-001", "a1", now.AddMinutes(-50), systolic: 88)]);
        await TrialMonitorApi.PostObservationsAsync(client, [.. VitalSigns("AUTO-002", "a2", now.AddMinutes(-50), systolic: 88)]);
        // AUTO-001 recovers; AUTO-002 stays hypotensive.
        await TrialMonitorApi.PostObservationsAsync(client, [.. VitalSigns("AUTO-001", "b1", now.AddMinutes(-10), systolic: 124)]);
        await TrialMonitorApi.PostObservationsAsync(client, [.. VitalSigns("AUTO-002", "b2", now.AddMinutes(-10), systolic: 87)]);

        JsonElement[] alerts = [];
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await Task.Delay(250);
            // Only NEWS2: a patient enrolled before its first readings may also, rightly, get a missing-data alert.
            alerts = (await TrialMonitorApi.GetJsonAsync(client, "/api/v1/centers/AUTO-CTR/alerts")).EnumerateArray()
                .Where(a => a.GetProperty("kind").GetString() == "news2").ToArray();
            if (alerts.Any(a => a.GetProperty("status").GetString() == "resolved")) break;
        }

        var recovered = Assert.Single(alerts, a => a.GetProperty("patientId").GetString() == "AUTO-001");
        Assert.Equal("news2", recovered.GetProperty("kind").GetString());
        Assert.Equal("resolved", recovered.GetProperty("status").GetString());
        Assert.Equal("system", recovered.GetProperty("by").GetString());
        Assert.Contains("auto-resolved", recovered.GetProperty("note").GetString(), StringComparison.Ordinal);
        var lasting = Assert.Single(alerts, a => a.GetProperty("patientId").GetString() == "AUTO-002");
        Assert.Equal("open", lasting.GetProperty("status").GetString());
        await Task.Delay(500);
        var status = await TrialMonitorApi.GetJsonAsync(client, "/api/v1/patients/AUTO-001/status");
        Assert.DoesNotContain(status.GetProperty("openAlerts").EnumerateArray(), a => a.GetProperty("kind").GetString() == "news2");
    }

    private static IEnumerable<System.Text.Json.Nodes.JsonObject> VitalSigns(string patient, string prefix, DateTimeOffset at, int systolic)
    {
        yield return TrialMonitorApi.Observation($"{prefix}-rr-{patient}", patient, "9279-1", 16m, "/min", at);
        yield return TrialMonitorApi.Observation($"{prefix}-spo2-{patient}", patient, "59408-5", 97m, "%", at);
        yield return TrialMonitorApi.Observation($"{prefix}-o2-{patient}", patient, "tm:o2-device", "room-air", null, at);
        yield return TrialMonitorApi.Observation($"{prefix}-sbp-{patient}", patient, "8480-6", systolic, "mm[Hg]", at);
        yield return TrialMonitorApi.Observation($"{prefix}-hr-{patient}", patient, "8867-4", 80m, "/min", at);
        yield return TrialMonitorApi.Observation($"{prefix}-acvpu-{patient}", patient, "tm:acvpu", "A", null, at);
        yield return TrialMonitorApi.Observation($"{prefix}-t-{patient}", patient, "8310-5", 37.0m, "Cel", at);
    }
}
