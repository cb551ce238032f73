namespace TrialMonitor.Contracts.Alerts;

/// <summary>
/// How useful one kind of alert has been at one center: how many were raised, how fast they were acknowledged, and
/// how many of those resolved were judged actionable (the positive predictive value), how often nobody answered in
/// time (escalations), and how many waited for a confirming reading that never came (never paged). Computed from the
/// alert log.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AlertQuality(
    [property: Id(0)] string Kind,
    [property: Id(1)] int Raised,
    [property: Id(2)] int Acknowledged,
    [property: Id(3)] double? TimeToAcknowledgeP50Seconds,
    [property: Id(4)] double? TimeToAcknowledgeP90Seconds,
    [property: Id(5)] int Resolved,
    [property: Id(6)] int ResolvedActionable,
    [property: Id(7)] int ResolvedNotActionable,
    [property: Id(8)] int AutoResolved,
    [property: Id(9)] double? PositivePredictiveValue,
    [property: Id(10)] int Escalations,
    [property: Id(11)] int NotConfirmed);
