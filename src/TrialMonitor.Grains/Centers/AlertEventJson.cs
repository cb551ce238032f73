using System.Text.Json;
using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Persistence;

namespace TrialMonitor.Grains.Centers;

/// <summary>An alert event as a row of the alert event log: the event in the API's JSON form, readable by a person auditing the table.</summary>
public static class AlertEventJson
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static AlertEventRecord ToRecord(Alert alert, string? changeKey) =>
        new(alert.Sequence, changeKey, JsonSerializer.Serialize(alert, Json));

    /// <summary>The event of a row; a row whose JSON does not match its sequence is refused, not guessed at.</summary>
    public static Alert FromRecord(string centerId, AlertEventRecord record)
    {
        var alert = JsonSerializer.Deserialize<Alert>(record.EventJson, Json);
        if (alert is null || alert.Sequence != record.Sequence || alert.CenterId != centerId)
            throw new InvalidDataException($"alert_event_log: the row of sequence {record.Sequence} at center '{centerId}' holds another event (sequence {alert?.Sequence}, center '{alert?.CenterId}')");
        return alert;
    }
}
