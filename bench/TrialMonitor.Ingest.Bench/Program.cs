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
// Fresh probe patients for the alert-latency phase: a probe is a patient's first fever.
var latencyRoster = new Roster($"IBL{runTag}-", options.AlertRate > 0 ? options.Probes : 0, options.ProbeCenters, now, seed: 44,
    centerOf: (i, centers) => Roster.CenterId(i % centers), infusedAgo: TimeSpan.FromDays(2));

Console.WriteLine($"ingest bench: provider={options.Provider} patients={options.Patients:N0} centers={options.Centers} batch={options.BatchSize:N0} " +
    $"senders={options.Senders} rate={(options.Rate > 0 ? options.Rate.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + "/s" : "max")} sets-per-visit={options.SetsPerVisit} warm-up={options.Warmup.TotalSeconds:0}s " +
    (options.Count is { } c ? $"count={c:N0}" : $"duration={options.Duration.TotalSeconds:0}s") +
    $" probes={options.Probes} probe-centers={options.ProbeCenters} cores={Environment.ProcessorCount}{(options.Quick ? " (quick)" : "")}");

// 1. Enrolment: the background population, then one fresh patient per probe.
var enrolled = await EnrolAsync(roster);
var probesEnrolled = await EnrolAsync(probeRoster);
var latencyEnrolled = await EnrolAsync(latencyRoster);
if (enrolled.Failed + probesEnrolled.Failed + latencyEnrolled.Failed > 0)
{
    Console.Error.WriteLine($"ingest bench: {enrolled.Failed + probesEnrolled.Failed + latencyEnrolled.Failed} enrolments failed " +
        $"({enrolled.FirstFailure ?? probesEnrolled.FirstFailure ?? latencyEnrolled.FirstFailure}); stopping");
    return 1;
}

Console.WriteLine($"enrolment: {roster.Count:N0} patients in {enrolled.Wall.TotalSeconds:F1} s ({roster.Count / enrolled.Wall.TotalSeconds:N0}/s, " +
    $"PUT p50 {Percentile.Of(enrolled.LatenciesMs, 50):F1} ms p99 {Percentile.Of(enrolled.LatenciesMs, 99):F1} ms); {probeRoster.Count} probe patients");

// 2. The dashboard's connection.
await using var probe = new AlertProbe(http, options.ServerUrl, probeRoster, probeCenters);
await probe.ConnectAsync(ct);

// 3. Warm-up (connection pools, first appends, the JIT), not counted: at least --warmup, then until the server's JIT
// has settled (at most --warmup-max), so that the measured phase is the server's steady state.
var stream = new ObservationFeed(roster, runTag, options.SetsPerVisit, seed: 1);
var load = new IngestLoad(http, stream, options.BatchSize, options.Senders, options.Rate);
await using var runtime = RuntimeActivity.Start(options.ServerPidFile);
var jitWindow = TimeSpan.FromSeconds(3);
var warmClock = Stopwatch.StartNew();
var warm = await load.RunAsync(() => warmClock.Elapsed < options.Warmup
    || (runtime is not null && warmClock.Elapsed < options.WarmupMax && !(runtime.RecentMillisecondsPerSecond(jitWindow) <= options.SettledJitMsPerSecond)), null, ct);
var jitAtWarmEnd = runtime?.RecentMillisecondsPerSecond(jitWindow);
Console.WriteLine($"warm-up: {warm.Accepted:N0} observations accepted in {warm.Wall.TotalSeconds:F1} s (not counted); " + (runtime is null
    ? "the server's JIT not read"
    : $"the server's JIT {jitAtWarmEnd:F0} ms/s over the last {jitWindow.TotalSeconds:F0} s " +
      (jitAtWarmEnd <= options.SettledJitMsPerSecond ? $"(settled: at most {options.SettledJitMsPerSecond:F0})" : $"(NOT settled by --warmup-max {options.WarmupMax.TotalSeconds:F0} s)")));

// 4. Measured load, with the probes spread over it; the load runs until the last probe is answered.
var probeInterval = options.Probes > 0 ? options.Duration / options.Probes : TimeSpan.Zero;
var before = await DbActivity.SnapshotAsync(options.Provider, options.RawConnectionString, ct);
var measuredClock = Stopwatch.StartNew();
var measuredFrom = runtime?.Now;
var cpuBefore = CpuTime.Read(options.ServerPidFile);
// Workstation GC collects on one thread with every managed thread stopped: at saturation, the share of the phase spent
// in pauses is time the other core has no server work.
await using var measuredGcPauses = GcPauses.Start(options.ServerPidFile);
var probing = probe.RunAsync(probeInterval, ct);
var measured = await load.RunAsync(
    () => (options.Count is not null || measuredClock.Elapsed < options.Duration) || !probing.IsCompleted,
    options.Count, ct);
var cpuAfter = CpuTime.Read(options.ServerPidFile);
var flatOutPauses = measuredGcPauses is null ? null : await measuredGcPauses.StopAsync();

var probed = await probing;
var after = await DbActivity.SnapshotAsync(options.Provider, options.RawConnectionString, ct);

Console.WriteLine($"ingest: {measured.Sent:N0} observations sent in {measured.Requests:N0} requests over {measured.Wall.TotalSeconds:F1} s: " +
    $"{measured.Accepted:N0} accepted, {measured.Duplicates:N0} duplicates, {measured.Rejected:N0} rejected, {measured.FailedRequests} failed requests");
Console.WriteLine($"ingest: durable {measured.AcceptedPerSecond:N0} observations/s; request latency (batch of {options.BatchSize:N0}) " +
    $"p50 {Percentile.Of(measured.LatenciesMs, 50):F0} ms p99 {Percentile.Of(measured.LatenciesMs, 99):F0} ms max {Percentile.Of(measured.LatenciesMs, 100):F0} ms");
string? serverCpuPerObservation = null;
if (cpuBefore is { } cpuFrom && cpuAfter is { } cpuTo)
{
    var used = cpuTo - cpuFrom;
    serverCpuPerObservation = (used.Server * 1e6 / Math.Max(1, measured.Accepted)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    Console.WriteLine($"cpu during the measured phase: {CpuTime.Describe(used, measured.Accepted, measured.Wall)}");
}

string? flatOutGcShare = null;
if (flatOutPauses is not null)
{
    flatOutGcShare = $"{GcPauses.PercentOf(flatOutPauses, measured.Wall):F1}";
    Console.WriteLine($"server garbage collection during the measured phase: {GcPauses.Describe(flatOutPauses, measured.Wall)}");
}

string? measuredJitShare = null;
string? allocatedPerObservation = null;
if (runtime is not null && measuredFrom is { } runtimeFrom)
{
    var measuredTo = runtime.Now;
    var jitMs = runtime.MillisecondsBetween(runtimeFrom, measuredTo);
    measuredJitShare = $"{100 * jitMs / measured.Wall.TotalMilliseconds:F1}";
    Console.WriteLine($"server JIT during the measured phase: {jitMs:N0} ms ({measuredJitShare} % of one core)");
    // Whole one-second counter intervals, so the phase's edges are off by up to a second of allocation.
    var allocated = runtime.AllocatedBytesBetween(runtimeFrom, measuredTo);
    allocatedPerObservation = $"{allocated / Math.Max(1, measured.Accepted):F0}";
    Console.WriteLine($"server allocation during the measured phase: {allocated / 1048576:N0} MiB, {allocatedPerObservation} B per durable observation (hub pushes and probes included)");
}

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

// 4b. Alert latency under a steady background load (issue 9: 10,000 observations/s), with fresh probe patients.
ProbeResult? steady = null;
long steadyAccepted = 0;
double? longestPauseMs = null;
if (options.AlertRate > 0)
{
    await using var latencyProbe = new AlertProbe(http, options.ServerUrl, latencyRoster, probeCenters);
    await latencyProbe.ConnectAsync(ct);
    var background = new IngestLoad(http, stream, options.BatchSize, options.Senders, options.AlertRate);
    await using var gcPauses = GcPauses.Start(options.ServerPidFile);
    var steadyClock = Stopwatch.StartNew();
    var steadyProbing = latencyProbe.RunAsync(options.AlertDuration / Math.Max(1, latencyRoster.Count), ct);
    var steadyLoad = await background.RunAsync(() => steadyClock.Elapsed < options.AlertDuration || !steadyProbing.IsCompleted, null, ct);
    steady = await steadyProbing;
    steadyAccepted = steadyLoad.Accepted + steady.AlertLatenciesMs.Length + steady.TimedOut;
    Console.WriteLine($"alerts under {options.AlertRate:N0} observations/s of background load (achieved {steadyLoad.AcceptedPerSecond:N0}/s, " +
        $"{steadyLoad.FailedRequests} failed requests): {steady.AlertLatenciesMs.Length} of {latencyRoster.Count} probes alerted ({steady.TimedOut} timed out); " +
        $"POST→hub alert p50 {Percentile.Of(steady.AlertLatenciesMs, 50):F0} ms p99 {Percentile.Of(steady.AlertLatenciesMs, 99):F0} ms " +
        $"max {Percentile.Of(steady.AlertLatenciesMs, 100):F0} ms");
    if (gcPauses is not null)
    {
        var pauses = await gcPauses.StopAsync();
        longestPauseMs = pauses.Count == 0 ? 0 : pauses.Max(p => p.Milliseconds);
        Console.WriteLine($"server garbage collection during that phase: {GcPauses.Describe(pauses, steadyClock.Elapsed)}");
        // What the tail is made of: the slowest probes, each with the POST's answer (the durable commit) and the GC
        // pauses that fell within its wait.
        foreach (var slow in steady.Alerted.OrderByDescending(p => p.AlertMs).Take(4))
        {
            var received = slow.SentAt.AddMilliseconds(slow.AlertMs);
            var paused = pauses.Sum(p => Math.Max(0, (Min(received, p.StartedAt.AddMilliseconds(p.Milliseconds)) - Max(slow.SentAt, p.StartedAt)).TotalMilliseconds));
            Console.WriteLine($"  slow probe at {slow.SentAt:HH:mm:ss.fff}: alert {slow.AlertMs:F0} ms, POST answered in {slow.PostMs:F0} ms, server GC paused {paused:F0} ms of it, the bench's own GC {slow.BenchGcMs:F0} ms");
        }
    }
}

static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

// Every acknowledged observation stays in its patient's timeline while the patient is active: memory grows with it.
var acknowledged = warm.Accepted + measured.Accepted + probed.AlertLatenciesMs.Length + probed.TimedOut + steadyAccepted;

// 5. The raw floor: the same kind of rows straight into the same database.
double rawPerSecond = 0;
if (options.RawConnectionString is { } raw)
{
    var logged = await RawInsert.CountLoggedAsync(options.Provider, raw, ct);
    Console.WriteLine($"observation_log: {logged:N0} rows (acknowledged: {acknowledged:N0})");

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

// 6. Memory of the one silo with every background patient active and a crowd of dashboards connected.
string memory = "not measured (no --server-pid-file)";
if (options.ServerPidFile is not null)
{
    await using var crowd = new HubCrowd(options.ServerUrl, Enumerable.Range(0, options.Centers).Select(Roster.CenterId).ToArray());
    await crowd.ConnectAsync(options.HubConnections, ct);
    GC.Collect();
    await Task.Delay(TimeSpan.FromSeconds(2), ct);
    var rss = ServerProcess.ResidentMiB(options.ServerPidFile);
    memory = rss is { } mib ? $"{mib:N0} MiB" : "unreadable";
    var perObservation = rss is { } held && acknowledged > 0 ? $", {held * 1048576.0 / acknowledged:F0} B of resident set per observation held" : "";
    Console.WriteLine($"memory: server resident set {memory} with {roster.Count:N0} patients activated by the load, holding {acknowledged:N0} observations ({acknowledged / (double)Math.Max(1, roster.Count):N0} per patient){perObservation}, and {crowd.Connected:N0} hub connections");
    if (await HeapCounters.ReadAsync(options.ServerPidFile, ct) is { } heap) Console.WriteLine($"memory: {heap}");
}

// 7. Recovery: restart the server, then time until every background patient answers its status again (each
// activation re-derives the patient's timeline from the observation log).
string recovery = "not measured (no --restart-command)";
if (options.RestartCommand is { } restart)
{
    var recoveryClock = Stopwatch.StartNew();
    await ServerProcess.RestartAsync(restart, ct);
    var ready = recoveryClock.Elapsed;
    var failures = 0;
    await Parallel.ForEachAsync(roster.Ids, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct }, async (id, token) =>
    {
        using var response = await http.GetAsync(new Uri($"api/v1/patients/{id}/status", UriKind.Relative), token);
        if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref failures);
    });
    recovery = $"{recoveryClock.Elapsed.TotalSeconds:F1} s";
    Console.WriteLine($"recovery: restart to ready {ready.TotalSeconds:F1} s; every one of {roster.Count:N0} patients answered its status {recoveryClock.Elapsed.TotalSeconds:F1} s " +
        $"after the restart began ({failures} failed)");
}

var ratio = rawPerSecond > 0 ? measured.AcceptedPerSecond / rawPerSecond : 0;
var alertLatencies = steady?.AlertLatenciesMs ?? probed.AlertLatenciesMs;
Console.WriteLine($"MEASURED provider={options.Provider} alert_p50_ms={Round(Percentile.Of(alertLatencies, 50))} " +
    $"flat_out_alert_p99_ms={Round(Percentile.Of(probed.AlertLatenciesMs, 99))} memory=\"{memory}\" recovery=\"{recovery}\"" +
    (longestPauseMs is { } longest ? $" gc_longest_pause_ms={Round(longest)}" : "") +
    $" warmup_s={warm.Wall.TotalSeconds:F0}" + (measuredJitShare is { } share ? $" measured_jit_pct_of_core={share}" : "") +
    (serverCpuPerObservation is { } cpu ? $" server_cpu_us_per_obs={cpu}" : "") +
    (allocatedPerObservation is { } bytes ? $" server_alloc_bytes_per_obs={bytes}" : "") +
    (flatOutGcShare is { } gcShare ? $" flat_out_gc_pause_pct={gcShare}" : ""));
Console.WriteLine($"RESULT ingest_obs_per_s={measured.AcceptedPerSecond:F0} raw_copy_rows_per_s={rawPerSecond:F0} " +
    $"ratio={ratio:F3} alert_p99_ms={Round(Percentile.Of(alertLatencies, 99))}");
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
