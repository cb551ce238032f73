using System.Diagnostics;

namespace TrialMonitor.FaultDriver;

/// <summary>
/// Phase 3: many senders of large batches against one server with a small <c>Api:IngestBytesInFlight</c>. Counts the
/// answers (202, 503 and 429 with Retry-After) and samples the server's resident memory from /proc/PID/status.
/// </summary>
public sealed class OverloadPhase(DriverOptions options, string token)
{
    public async Task<int> RunAsync()
    {
        var course = new Course(options.RunTag, $"{options.RunTag}-P", options.Patients, options.Centers, DateTimeOffset.UtcNow);
        using var cluster = new Cluster(options.Servers, token, TimeSpan.FromSeconds(120));
        Console.WriteLine($"overload: {options.Senders} senders of {options.BatchSize}-observation batches for {options.Duration.TotalSeconds:0} s against one server (pid {options.ServerPid})");

        await Parallel.ForAsync(0, course.Count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            if (await cluster.RequestUntilAnsweredAsync(HttpMethod.Put, $"api/v1/patients/{course.Ids[i]}", course.EnrolmentBody(i), TimeSpan.FromSeconds(120), ct) is null)
                throw new InvalidOperationException($"patient #{i} could not be enrolled");
        });
        var baseline = Rss.MegabytesOf(options.ServerPid);
        Console.WriteLine($"overload: enrolled {course.Count} patients; server RSS before the load {baseline:0} MB");

        using var stop = new CancellationTokenSource();
        var peak = baseline;
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            while (await timer.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested)
                peak = Math.Max(peak, Rss.MegabytesOf(options.ServerPid));
        });

        // Patient-rounds handed out in order, so that each patient's readings move forward in time.
        var next = 0L;
        var total = (long)course.Count * options.Rounds;
        var clock = Stopwatch.StartNew();
        var senders = Enumerable.Range(0, options.Senders).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < options.Duration)
            {
                var batch = new List<Obs>(options.BatchSize + 16);
                while (batch.Count < options.BatchSize)
                {
                    var item = Interlocked.Increment(ref next) - 1;
                    if (item >= total) break;
                    course.AddRound(batch, (int)(item % course.Count), (int)(item / course.Count));
                }

                if (batch.Count == 0) break;
                // A batch still refused when the phase ends is dropped: never acknowledged, so nothing is claimed.
                var left = options.Duration - clock.Elapsed;
                await cluster.PostBatchAsync(batch, 0, left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        })).ToArray();
        await Task.WhenAll(senders);
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await sampler;
        peak = Math.Max(peak, Rss.MegabytesOf(options.ServerPid));

        var requests = cluster.Requests.ToArray();
        var busy = requests.Count(r => r.Status is 503 or 429);
        var busyWithRetryAfter = requests.Count(r => r.Status is 503 or 429 && r.HadRetryAfter);
        Console.WriteLine($"overload: {seconds:0.0} s, requests {requests.Length}: 202 {requests.Count(r => r.Status == 202)}, 503 {requests.Count(r => r.Status == 503)}, 429 {requests.Count(r => r.Status == 429)} ({busyWithRetryAfter} of the {busy} with Retry-After), 500 {requests.Count(r => r.Status == 500)}, connection failures {requests.Count(r => r.Status == 0)}, timeouts {requests.Count(r => r.Status == -1)}");
        Console.WriteLine($"overload: acknowledged {cluster.Acknowledged.Count} observations ({cluster.Acknowledged.Count / seconds:0}/s), batches still refused when the phase ended (dropped, not acknowledged) {cluster.GaveUp}, max request latency {requests.Max(r => r.Milliseconds):0} ms");
        var lost = await Checks.LostAsync(options.Postgres, options.RunTag, cluster.Acknowledged.Keys.ToArray());
        var bound = baseline + options.RssGrowthBoundMb;
        Console.WriteLine($"overload: server RSS peak {peak:0} MB (baseline {baseline:0} MB, bound baseline + {options.RssGrowthBoundMb} MB = {bound:0} MB)");
        var refusedWithout = busy - busyWithRetryAfter;
        var ok = lost == 0 && peak <= bound && busy > 0 && refusedWithout == 0 && requests.All(r => r.Status != 500);
        Console.WriteLine($"PHASE overload lost={lost} refused={busy} refused_without_retry_after={refusedWithout} peak_rss_mb={peak:0} bound_mb={bound:0} ok={(ok ? 1 : 0)}");
        return ok ? 0 : 1;
    }
}

/// <summary>A process's resident set size (VmRSS in /proc/PID/status), in MB.</summary>
public static class Rss
{
    public static double MegabytesOf(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        throw new InvalidOperationException($"no VmRSS for pid {pid}");
    }
}
