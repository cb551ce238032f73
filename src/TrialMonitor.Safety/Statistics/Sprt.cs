namespace TrialMonitor.Safety.Statistics;

public enum SprtDecision
{
    /// <summary>Between the boundaries: keep monitoring.</summary>
    Continue,
    /// <summary>Λ ≥ ln A: accept H1, the rate looks like p1.</summary>
    Flag,
    /// <summary>Λ ≤ ln B: accept H0, the rate looks like p0.</summary>
    Reassure,
}

/// <summary>Where a single-arm binary SPRT stands after x events in n patients.</summary>
public sealed record SprtStatus(int Events, int Patients, double LogLikelihoodRatio, SprtDecision Decision, int? FlagAtEvents, int? ReassureAtEvents);

/// <summary>
/// Wald's sequential probability ratio test for a single-arm binary endpoint, H0: p = p0 against H1: p = p1
/// (safety-statistics.md 4.2): Λ_n = x·ln(p1/p0) + (n − x)·ln[(1 − p1)/(1 − p0)], flag when Λ ≥ ln A with
/// A = (1 − β)/α, reassure when Λ ≤ ln B with B = β/(1 − α); in counts, flag when x ≥ h1 + s·n and reassure when x ≤ −h0 + s·n.
/// </summary>
public sealed class Sprt
{
    public Sprt(double p0, double p1, double alpha, double beta)
    {
        if (p0 is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p0), p0, "p0 must be strictly between 0 and 1");
        if (p1 <= p0 || p1 >= 1) throw new ArgumentOutOfRangeException(nameof(p1), p1, "p1 must be above p0 and below 1");
        if (alpha is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be strictly between 0 and 1");
        if (beta is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be strictly between 0 and 1");
        P0 = p0;
        P1 = p1;
        Alpha = alpha;
        Beta = beta;
        A = (1 - beta) / alpha;
        B = beta / (1 - alpha);
        D = Math.Log(p1 * (1 - p0) / (p0 * (1 - p1)));
        S = Math.Log((1 - p0) / (1 - p1)) / D;
        H1 = Math.Log(A) / D;
        H0 = Math.Log(1 / B) / D;
    }

    public double P0 { get; }
    public double P1 { get; }
    public double Alpha { get; }
    public double Beta { get; }
    public double A { get; }
    public double B { get; }
    public double LnA => Math.Log(A);
    public double LnB => Math.Log(B);
    public double D { get; }
    public double S { get; }
    public double H1 { get; }
    public double H0 { get; }

    public double LogLikelihoodRatio(int events, int patients) =>
        (events * Math.Log(P1 / P0)) + ((patients - events) * Math.Log((1 - P1) / (1 - P0)));

    /// <summary>The fewest events in n patients that flag; null when more than n would be needed.</summary>
    public int? FlagAt(int patients)
    {
        var events = (int)Math.Ceiling(H1 + (S * patients) - 1e-12);
        return events <= patients ? Math.Max(events, 0) : null;
    }

    /// <summary>The most events in n patients that still reassure; null when even 0 does not.</summary>
    public int? ReassureAt(int patients)
    {
        var events = (int)Math.Floor(-H0 + (S * patients) + 1e-12);
        return events >= 0 ? Math.Min(events, patients) : null;
    }

    public SprtStatus Status(int events, int patients)
    {
        var llr = LogLikelihoodRatio(events, patients);
        var decision = llr >= LnA ? SprtDecision.Flag : llr <= LnB ? SprtDecision.Reassure : SprtDecision.Continue;
        return new SprtStatus(events, patients, llr, decision, FlagAt(patients), ReassureAt(patients));
    }
}
