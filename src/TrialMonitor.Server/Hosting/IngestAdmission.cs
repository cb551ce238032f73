namespace TrialMonitor.Server.Hosting;

/// <summary>
/// Bounds the observation bodies handled at once (<see cref="ApiLimitsOptions.IngestBytesInFlight"/>): a request that
/// would take the total past the bound is refused before its body is read. One request is always let in when none is
/// in flight, so that a batch larger than the bound is slow rather than impossible.
/// </summary>
public sealed class IngestAdmission(long maxBytesInFlight)
{
    private long _inFlight;

    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>A ticket to release when the request is done, or null when the server is at capacity.</summary>
    public Ticket? TryEnter(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var after = Interlocked.Add(ref _inFlight, bytes);
        if (after <= maxBytesInFlight || after == bytes) return new Ticket(this, bytes);
        Interlocked.Add(ref _inFlight, -bytes);
        return null;
    }

    public sealed class Ticket(IngestAdmission admission, long bytes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) Interlocked.Add(ref admission._inFlight, -bytes);
        }
    }
}
