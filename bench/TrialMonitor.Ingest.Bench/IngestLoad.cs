using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TrialMonitor.Ingest.Bench;

/// <summary>What one load phase achieved.</summary>
public sealed record LoadResult(
    long Sent, long Accepted, long Duplicates, long Rejected, long FailedRequests, int Requests, TimeSpan Wall,
    double[] LatenciesMs, IReadOnlyDictionary<string, int> RejectionsByField, string? FirstFailure)
{
    public double AcceptedPerSecond => Accepted / Wall.TotalSeconds;
}

/// <summary>
/// Several senders post batches taken from one <see cref="ObservationFeed"/> until told to stop (or until a count is
/// reached). An observation counts as durable when the 202 carrying it came back (api.md: accepted means durable).
/// </summary>
/// <remarks>With a <c>rate</c>, batches leave on a fixed schedule (batch k at k × batch ÷ rate seconds), so the server
/// sees a steady background load below its capacity; a sender that falls behind sends at once.</remarks>
public sealed class IngestLoad(HttpClient http, ObservationFeed stream, int batchSize, int senders, int rate = 0)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly Lock _streamLock = new();

    public async Task<LoadResult> RunAsync(Func<bool> keepGoing, long? maxObservations, CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentBag<double>();
        var byField = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        long sent = 0, accepted = 0, duplicates = 0, rejected = 0, failed = 0, taken = 0;
        var requests = 0;
        string? firstFailure = null;

        var wall = Stopwatch.StartNew();
        long slots = 0;
        var tasks = Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            var batch = new List<Obs>(batchSize);
            while (keepGoing() && !cancellationToken.IsCancellationRequested)
            {
                batch.Clear();
                var size = batchSize;
                if (maxObservations is { } max)
                {
                    size = (int)Math.Min(batchSize, max - Interlocked.Add(ref taken, batchSize) + batchSize);
                    if (size <= 0) break;
                }

                if (rate > 0)
                {
                    var due = TimeSpan.FromSeconds((double)Interlocked.Increment(ref slots) * batchSize / rate);
                    var wait = due - wall.Elapsed;
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    if (!keepGoing()) break;
                }

                lock (_streamLock) stream.Take(batch, size);
                var body = Wire.ObservationsBody(batch);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = Json;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.PostAsync("api/v1/observations", content, cancellationToken).ConfigureAwait(false);
                    var text = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Add(ref sent, batch.Count);
                    Interlocked.Increment(ref requests);
                    if (response.StatusCode != HttpStatusCode.Accepted)
                    {
                        Interlocked.Increment(ref failed);
                        Interlocked.CompareExchange(ref firstFailure, $"HTTP {(int)response.StatusCode}", null);
                        continue;
                    }

                    using var document = JsonDocument.Parse(text);
                    var root = document.RootElement;
                    Interlocked.Add(ref accepted, root.GetProperty("accepted").GetInt32());
                    Interlocked.Add(ref duplicates, root.GetProperty("duplicates").GetInt32());
                    foreach (var item in root.GetProperty("rejected").EnumerateArray())
                    {
                        Interlocked.Increment(ref rejected);
                        // Only the field name, never the error text (it may name the patient).
                        var error = item.GetProperty("error").GetString() ?? "";
                        var colon = error.IndexOf(':', StringComparison.Ordinal);
                        byField.AddOrUpdate(colon > 0 ? error[..colon] : "?", 1, (_, n) => n + 1);
                    }
                }
                catch (HttpRequestException exception)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, exception.Message, null);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        wall.Stop();

        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new LoadResult(sent, accepted, duplicates, rejected, failed, requests, wall.Elapsed, sorted,
            new Dictionary<string, int>(byField, StringComparer.Ordinal), firstFailure);
    }
}

public static class Percentile
{
    /// <summary>Nearest-rank percentile of an ascending array; NaN when empty.</summary>
    public static double Of(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
