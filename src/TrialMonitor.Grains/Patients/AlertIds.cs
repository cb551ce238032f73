using System.Security.Cryptography;
using System.Text;

namespace TrialMonitor.Grains.Patients;

/// <summary>
/// Alert ids: the center id, then a digest of patient, kind and number. Deterministic, so a replay after a crash
/// asks for the same alert again, and opaque, so the id alone names no patient. The center is recoverable from
/// the id for <c>POST /api/v1/alerts/{alertId}/acknowledge</c>.
/// </summary>
public static class AlertIds
{
    private const char Separator = '~';

    public static string For(string centerId, string patientId, string kind, int number)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{patientId}\n{kind}\n{number}"));
        return $"{centerId}{Separator}{Convert.ToHexStringLower(digest, 0, 10)}";
    }

    public static string? CenterOf(string alertId)
    {
        var at = alertId.LastIndexOf(Separator);
        return at > 0 ? alertId[..at] : null;
    }
}
