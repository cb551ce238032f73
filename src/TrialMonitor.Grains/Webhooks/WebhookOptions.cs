namespace TrialMonitor.Grains.Webhooks;

/// <summary>
/// Delivery of a center's webhook, bound from configuration <c>Alerts:Webhook</c>. The defaults are engineering
/// proposals [P], not clinical rules: together they retry for about a quarter of an hour before a page is given up on
/// and shown as a dead letter.
/// </summary>
public sealed record WebhookOptions
{
    /// <summary>[P] 8 attempts (5 s … 5 min apart, ≈ 15 min in all): long enough to ride out a paging gateway restart, short enough that a dead letter is still news.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>[P] 5 s: a pager is urgent, and most failures (a busy or restarting receiver) clear within seconds.</summary>
    public TimeSpan FirstRetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>[P] 5 min: no page waits longer than that between attempts, even when the receiver asks for more (Retry-After).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>[P] 10 s per POST: a paging system answers a small JSON body in well under a second; deliveries are one at a time, so a hung receiver must not hold the queue long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public static WebhookOptions Default { get; } = new();

    /// <summary>The wait after <paramref name="attempts"/> failed attempts: FirstRetryAfter × 2^(attempts − 1), capped at MaxRetryAfter.</summary>
    public TimeSpan BackoffAfter(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = FirstRetryAfter.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxRetryAfter.Ticks ? MaxRetryAfter : TimeSpan.FromTicks((long)ticks);
    }
}
