using System.Text.Json.Serialization;

namespace TrialMonitor.Simulation.Api;

/// <summary>
/// One observation in the contract's wire shape (api.md "Observations"). <see cref="Id"/> is the idempotency
/// key: it is stable for a given seed and trial start, so a resend is counted as a duplicate.
/// </summary>
public sealed record WireObservation(
    string Id,
    string PatientId,
    string Code,
    WireValue Value,
    string? Unit,
    DateTimeOffset EffectiveAt)
{
    /// <summary>The patient's center, kept for per-center counts in logs; not part of the wire shape.</summary>
    [JsonIgnore]
    public string CenterId { get; init; } = "";
}
