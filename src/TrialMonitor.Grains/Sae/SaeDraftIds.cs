using System.Security.Cryptography;
using System.Text;
using TrialMonitor.Grains.Patients;

namespace TrialMonitor.Grains.Sae;

/// <summary>
/// SAE draft ids: the center id, '~', then "sae-" and a digest of patient and trigger. Deterministic, so one patient
/// has one draft per trigger however often its events arrive; opaque, so the id names no patient; the center is
/// recoverable for <c>POST /api/v1/sae-drafts/{draftId}/clocks/{clock}/complete</c>, as for alert ids.
/// </summary>
public static class SaeDraftIds
{
    public static string For(string centerId, string patientId, string trigger)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"sae\n{patientId}\n{trigger}"));
        return $"{centerId}~sae-{Convert.ToHexStringLower(digest, 0, 10)}";
    }

    public static string? CenterOf(string draftId) => AlertIds.CenterOf(draftId);
}
