using System.Diagnostics;
using System.Globalization;
using TrialMonitor.Clinical;
using TrialMonitor.Clinical.Observations;
using TrialMonitor.Clinical.Timeline;
using TrialMonitor.Grains.Safety;
using TrialMonitor.Persistence;
using TrialMonitor.Safety;
using TrialMonitor.Safety.Bench;
using TrialMonitor.Safety.Records;
using TrialMonitor.Safety.Report;

// Issue 7 target: 1,000 patients × 28 days of hourly vitals and daily labs, a full report in ≤ 2 s on 2 cores.
var patients = Argument("--patients", 1000);
var days = Argument("--days", 28);
var repeats = Argument("--repeats", 3);
// --no-log: rows are generated in memory instead of read from SQLite, to time the engine replay and the report alone.
var useLog = !args.Contains("--no-log");
var directory = Path.Combine(Path.GetTempPath(), "trialmonitor-safety-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(directory);
var options = new StorageOptions { Provider = StorageProvider.Sqlite, DataDirectory = directory };
try
{
    await SchemaInstaller.InstallAsync(options);
    using var log = new SqliteObservationLog(options.ResolveConnectionString());
    var written = Stopwatch.StartNew();
    var rows = 0L;
    for (var i = 0; i < patients; i++)
    {
        var batch = SyntheticTrial.Rows(i, days).ToArray();
        rows += batch.Length;
        if (useLog) await log.AppendAsync(batch);
    }

    if (useLog) Console.WriteLine(FormattableString.Invariant($"observation log (SQLite): {rows:N0} rows for {patients:N0} patients × {days} days written in {written.Elapsed.TotalSeconds:F1} s"));
    else Console.WriteLine(FormattableString.Invariant($"no log: {rows:N0} rows for {patients:N0} patients × {days} days generated in memory for each replay"));
    var asOf = SyntheticTrial.FirstInfusion.AddDays(days + 3);
    var cohorts = Enumerable.Range(0, patients).Select(i => new PatientCohort(SyntheticTrial.CenterId(i), i % 2 == 0 ? "SLE" : "SSc", "CD19", i % 3 == 0 ? "2e6/kg" : "1e6/kg")).ToArray();

    // The log read alone, to tell reading from replaying.
    if (useLog)
    {
        var readWatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, patients), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (i, token) =>
            await log.ReadPatientAsync(SyntheticTrial.PatientId(i), token));
        Console.WriteLine(FormattableString.Invariant($"reading every patient's rows from the log alone: {readWatch.Elapsed.TotalMilliseconds:F0} ms"));
    }
    var cold = new List<double>();
    var warm = new List<double>();
    var pure = new List<double>();
    SafetyReport? report = null;
    for (var r = 0; r < repeats; r++)
    {
        // (b) The full path: read each patient's rows from the log, replay them through the engine to the cut, derive the
        // record, build the report. As the grains do after activation, in parallel across the cores.
        var timelines = new PatientTimeline[patients];
        var records = new PatientSafetyRecord[patients];
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, patients), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (i, token) =>
        {
            IEnumerable<LoggedObservation> logged = useLog ? await log.ReadPatientAsync(SyntheticTrial.PatientId(i), token) : SyntheticTrial.Rows(i, days);
            timelines[i] = TimelineAsOf.Build(logged, new PatientProfile(SyntheticTrial.InfusionAt(i), 45), ObservationNormaliser.Default, ClinicalRulesOptions.Default, asOf);
            records[i] = SafetyRecords.FromTimeline(timelines[i], cohorts[i], asOf, null);
        });
        report = SafetyReportBuilder.Build("BENCH", asOf, records);
        cold.Add(watch.Elapsed.TotalMilliseconds);

        // (c) Warm: the timelines are in memory (live patient grains, every observation received by the cut).
        watch.Restart();
        Parallel.For(0, patients, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => records[i] = SafetyRecords.FromTimeline(timelines[i], cohorts[i], asOf, null));
        SafetyReportBuilder.Build("BENCH", asOf, records);
        warm.Add(watch.Elapsed.TotalMilliseconds);

        // (a) The pure report from the records.
        watch.Restart();
        SafetyReportBuilder.Build("BENCH", asOf, records);
        SafetyReportCsv.Write(report);
        SafetyReportHtml.Write(report);
        pure.Add(watch.Elapsed.TotalMilliseconds);
    }

    var crs = report!.Trial.Incidence.Single(x => x.Endpoint == SafetyEndpoints.CrsAny);
    Console.WriteLine(FormattableString.Invariant($"cores: {Environment.ProcessorCount}; patients infused {report.Trial.PatientsInfused}; CRS any grade {crs.Events} ({crs.Proportion:P1}); observations replayed per report {rows:N0}"));
    Console.WriteLine(FormattableString.Invariant($"(a) report from records (JSON model + CSV + HTML): median {Median(pure):F1} ms  [{string.Join(", ", pure.Select(x => x.ToString("F1", CultureInfo.InvariantCulture)))}]"));
    Console.WriteLine(FormattableString.Invariant($"(b) full path, {(useLog ? "SQLite log" : "rows in memory")} → replay → records → report: median {Median(cold):F0} ms  [{string.Join(", ", cold.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))}]"));
    Console.WriteLine(FormattableString.Invariant($"(c) warm path, timelines in memory → records → report: median {Median(warm):F1} ms  [{string.Join(", ", warm.Select(x => x.ToString("F1", CultureInfo.InvariantCulture)))}]"));
    Console.WriteLine(FormattableString.Invariant($"RESULT patients={patients} days={days} log={(useLog ? "sqlite" : "none")} report_ms={Median(pure):F1} full_path_ms={Median(cold):F0} warm_ms={Median(warm):F1} target_ms=2000"));
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(directory, recursive: true);
}

int Argument(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted[sorted.Length / 2];
}
