using System.Net;

namespace TrialMonitor.Simulation.Api;

/// <summary>
/// When to try a request again: after a transient failure (5xx, 408, 429, no connection, a timeout), waiting
/// for Retry-After when the server gives one and with exponential back-off otherwise. Retrying is safe
/// because enrolment is idempotent and observation ids are idempotency keys.
/// </summary>
public sealed record RetryPolicy
{
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest Retry-After that is honoured as given; a longer one is cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts in all before giving up; null to keep trying until cancelled (the server may be starting).</summary>
    public int? MaxAttempts { get; init; }

    public static RetryPolicy Default { get; } = new();

    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    /// <summary>The wait before attempt <paramref name="failedAttempts"/> + 1.</summary>
    public TimeSpan DelayAfter(int failedAttempts, TimeSpan? retryAfter)
    {
        if (retryAfter is { } given) return given < TimeSpan.Zero ? TimeSpan.Zero : given > MaxRetryAfter ? MaxRetryAfter : given;
        var exponent = Math.Min(failedAttempts - 1, 30);
        var backoff = InitialDelay.Ticks * Math.Pow(2, exponent);
        return backoff >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)backoff);
    }
}
