using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using TrialMonitor.Ingest.Bench;

// End-to-end ingest benchmark against a running server (bench/run-ingest starts one): enrol, load, probe alerts,
// compare with a raw bulk insert, print one RESULT line. Output carries counts and timings, never patient ids.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"ingest bench: {exception.Message}");
    return 64;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
var ct = cancellation.Token;

using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 256 })
{
    BaseAddress = options.ServerUrl,
    Timeout = TimeSpan.FromMinutes(5),
};

// The bearer token bench/run-ingest minted with the server's key for this run (roles device and clinician, every center).
if (Environment.GetEnvironmentVariable("TRIALMONITOR_TOKEN") is { Length: > 0 } token)
    http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

var now = DateTimeOffset.UtcNow;
var runTag = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..4];
var roster = new Roster($"IB{runTag}-", options.Patients, options.Centers, now, seed: 42);
var probeRoster = new Roster($"IBP{runTag}-", options.Probes, options.ProbeCenters, now, seed: 43,
    centerOf: (i, centers) => Roster.CenterId(i % centers), infusedAgo: TimeSpan.FromDays(2));
var probeCenters = Enumerable.Range(0, options.ProbeCenters).Select(Roster.CenterId).ToArray();

Console.WriteLine($"ingest bench: provider={options.Provider} patients={options.Patients:N0} centers={options.Centers} batch={options.BatchSize:N0} " +
    $"senders={options.Senders} rate={(options.Rate > 0 ? options.Rate.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + "/s" : "max")} sets-per-visit={options.SetsPerVisit} warm-up={options.Warmup.TotalSeconds:0}s " +
    (options.Count is { } c ? $"count={c:N0}" : $"duration={options.Duration.TotalSeconds:0}s") +
    $" probes={options.Probes} probe-centers={options.ProbeCenters} cores={Environment.ProcessorCount}{(options.Quick ? " (quick)" : "")}");

// 1. Enrolment: the background population, then one fresh patient per probe.
var enrolled = await EnrolAsync(roster);
var probesEnrolled = await EnrolAsync(probeRoster);
if (enrolled.Failed + probesEnrolled.Failed > 0)
{
    Console.Error.WriteLine($"ingest bench: {enrolled.Failed + probesEnrolled.Failed} enrolments failed ({enrolled.FirstFailure ?? probesEnrolled.FirstFailure}); stopping");
    return 1;
}

Console.WriteLine($"enrolment: {roster.Count:N0} patients in {enrolled.Wall.TotalSeconds:F1} s ({roster.Count / enrolled.Wall.TotalSeconds:N0}/s, " +
    $"PUT p50 {Percentile.Of(enrolled.LatenciesMs, 50):F1} ms p99 {Percentile.Of(enrolled.LatenciesMs, 99):F1} ms); {probeRoster.Count} probe patients");

// 2. The dashboard's connection.
await using var probe = new AlertProbe(http, options.ServerUrl, probeRoster, probeCenters);
await probe.ConnectAsync(ct);

// 3. Warm-up (JIT, connection pools, first appends), not counted.
var stream = new ObservationFeed(roster, runTag, options.SetsPerVisit, seed: 1);
var load = new IngestLoad(http, stream, options.BatchSize, options.Senders, options.Rate);
var warmClock = Stopwatch.StartNew();
var warm = await load.RunAsync(() => warmClock.Elapsed < options.Warmup, null, ct);
Console.WriteLine($"warm-up: {warm.Accepted:N0} observations accepted in {warm.Wall.TotalSeconds:F1} s (not counted)");

// 4. Measured load, with the probes spread over it; the load runs until the last probe is answered.
var probeInterval = options.Probes > 0 ? options.Duration / options.Probes : TimeSpan.Zero;
var before = await DbActivity.SnapshotAsync(options.Provider, options.RawConnectionString, ct);
var measuredClock = Stopwatch.StartNew();
var probing = probe.RunAsync(probeInterval, ct);
var measured = await load.RunAsync(
    () => (options.Count is not null || measuredClock.Elapsed < options.Duration) || !probing.IsCompleted,
    options.Count, ct);
var probed = await probing;
var after = await DbActivity.SnapshotAsync(options.Provider, options.RawConnectionString, ct);

Console.WriteLine($"ingest: {measured.Sent:N0} observations sent in {measured.Requests:N0} requests over {measured.Wall.TotalSeconds:F1} s: " +
    $"{measured.Accepted:N0} accepted, {measured.Duplicates:N0} duplicates, {measured.Rejected:N0} rejected, {measured.FailedRequests} failed requests");
Console.WriteLine($"ingest: durable {measured.AcceptedPerSecond:N0} observations/s; request latency (batch of {options.BatchSize:N0}) " +
    $"p50 {Percentile.Of(measured.LatenciesMs, 50):F0} ms p99 {Percentile.Of(measured.LatenciesMs, 99):F0} ms max {Percentile.Of(measured.LatenciesMs, 100):F0} ms");
if (measured.Rejected > 0)
    Console.WriteLine($"WARNING: rejections by field: {string.Join(", ", measured.RejectionsByField.Select(p => $"{p.Key} {p.Value}"))}");
if (measured.FailedRequests > 0) Console.WriteLine($"WARNING: {measured.FailedRequests} requests failed, first: {measured.FirstFailure}");
Console.WriteLine($"alerts: {probed.AlertLatenciesMs.Length} of {options.Probes} probes alerted ({probed.TimedOut} timed out, {probed.NotAccepted} not accepted); " +
    $"POST→hub alert p50 {Percentile.Of(probed.AlertLatenciesMs, 50):F0} ms p99 {Percentile.Of(probed.AlertLatenciesMs, 99):F0} ms " +
    $"max {Percentile.Of(probed.AlertLatenciesMs, 100):F0} ms; probe POST p50 {Percentile.Of(probed.PostLatenciesMs, 50):F0} ms " +
    $"p99 {Percentile.Of(probed.PostLatenciesMs, 99):F0} ms; {probe.AlertsReceived} alert messages received in all");

if (before is not null && after is not null && measured.Requests > 0)
{
    double PerBatch(long n) => (double)n / measured.Requests;
    Console.WriteLine($"database during the measured phase: {after.Commits - before.Commits:N0} commits ({PerBatch(after.Commits - before.Commits):F0} per batch), " +
        $"{after.LogInserts - before.LogInserts:N0} observation_log rows, {after.StateWrites - before.StateWrites:N0} grain-state writes " +
        $"({PerBatch(after.StateWrites - before.StateWrites):F0} per batch); largest grain state {after.LargestStateBytes / 1024.0:N0} KiB");
}

// 5. The raw floor: the same kind of rows straight into the same database.
double rawPerSecond = 0;
if (options.RawConnectionString is { } raw)
{
    var logged = await RawInsert.CountLoggedAsync(options.Provider, raw, ct);
    var expected = warm.Accepted + measured.Accepted + probed.AlertLatenciesMs.Length + probed.TimedOut;
    Console.WriteLine($"observation_log: {logged:N0} rows (acknowledged: {expected:N0})");

    var rowCount = (int)Math.Clamp(Math.Max(measured.Accepted, options.RawRows), 1, 2_000_000);
    var rows = RawInsert.Rows(new ObservationFeed(roster, "raw" + runTag, options.SetsPerVisit, seed: 2), rowCount);
    var result = options.Provider == "postgres"
        ? await RawInsert.PostgresCopyAsync(raw, rows, ct)
        : await RawInsert.SqliteInsertAsync(raw, rows, ct);
    rawPerSecond = result.RowsPerSecond;
    Console.WriteLine($"raw: {(options.Provider == "postgres" ? "binary COPY" : "one transaction of prepared INSERTs")} of {result.Rows:N0} rows in " +
        $"{result.Elapsed.TotalSeconds:F2} s: {rawPerSecond:N0} rows/s; durable/raw = {measured.AcceptedPerSecond / rawPerSecond:F3}");
}
else
{
    Console.WriteLine("raw: skipped (no --raw-connection)");
}

var ratio = rawPerSecond > 0 ? measured.AcceptedPerSecond / rawPerSecond : 0;
Console.WriteLine($"RESULT provider={options.Provider} ingest_obs_per_s={measured.AcceptedPerSecond:F0} raw_copy_rows_per_s={rawPerSecond:F0} " +
    $"ratio={ratio:F3} alert_p50_ms={Round(Percentile.Of(probed.AlertLatenciesMs, 50))} alert_p99_ms={Round(Percentile.Of(probed.AlertLatenciesMs, 99))}");
return 0;

static string Round(double ms) => double.IsNaN(ms) ? "NaN" : Math.Round(ms).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);

async Task<EnrolResult> EnrolAsync(Roster patients)
{
    var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
    var failed = 0;
    string? firstFailure = null;
    var json = new MediaTypeHeaderValue("application/json");
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, patients.Count),
        new ParallelOptions { MaxDegreeOfParallelism = options.EnrolConcurrency, CancellationToken = ct },
        async (i, token) =>
        {
            using var content = new ByteArrayContent(patients.EnrolmentBody(i));
            content.Headers.ContentType = json;
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PutAsync(new Uri($"api/v1/patients/{patients.Ids[i]}", UriKind.Relative), content, token);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstFailure, $"HTTP {(int)response.StatusCode}", null);
            }
        });
    var sorted = latencies.ToArray();
    Array.Sort(sorted);
    return new EnrolResult(failed, firstFailure, clock.Elapsed, sorted);
}

internal sealed record EnrolResult(int Failed, string? FirstFailure, TimeSpan Wall, double[] LatenciesMs);
