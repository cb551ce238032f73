using TrialMonitor.Contracts.Alerts;
using TrialMonitor.Contracts.Patients;

namespace TrialMonitor.Grains.Patients;

/// <summary>
/// What a patient grain persists: its enrolment, how far into the observation log its alert decisions go, and its
/// alerts. The clinical timeline itself is re-derived from the log on activation.
/// </summary>
[GenerateSerializer]
public sealed class PatientState
{
    [Id(0)] public Enrolment? Enrolment { get; set; }

    /// <summary>Alert decisions cover every log entry up to this sequence; later ones are replayed on activation.</summary>
    [Id(1)] public long AppliedThroughSequence { get; set; }

    /// <summary>The latest alert of each kind, open or not.</summary>
    [Id(2)] public Dictionary<string, PatientAlert> Alerts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How many alerts have been raised for this patient: numbers each new alert id.</summary>
    [Id(3)] public int AlertsRaised { get; set; }
}

/// <summary>The latest alert of one kind and the rank that set it.</summary>
[GenerateSerializer]
public sealed class PatientAlert
{
    [Id(0)] public required string AlertId { get; set; }
    [Id(1)] public int Rank { get; set; }
    [Id(2)] public required Alert Latest { get; set; }

    /// <summary>
    /// The condition has been absent since this alert was last raised or updated. A resolved alert whose condition
    /// never cleared is not raised again at the same rank (rules.md 10.3: re-notify only on grade increase).
    /// </summary>
    [Id(3)] public bool ConditionCleared { get; set; }

    /// <summary>When the condition was last seen to clear (wall clock), for auto-resolution.</summary>
    [Id(4)] public DateTimeOffset? ClearedAt { get; set; }
}
