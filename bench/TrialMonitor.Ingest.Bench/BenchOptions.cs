using System.Globalization;

namespace TrialMonitor.Ingest.Bench;

/// <summary>Command-line options; <c>--quick</c> changes the defaults, explicit options still win.</summary>
public sealed record BenchOptions
{
    public required Uri ServerUrl { get; init; }
    public string Provider { get; init; } = "postgres";
    /// <summary>The server's database, for the raw bulk insert and the row count check; none skips both.</summary>
    public string? RawConnectionString { get; init; }
    public bool Quick { get; init; }
    public int Patients { get; init; }
    public int Centers { get; init; } = 10;
    public int BatchSize { get; init; } = 1000;
    public int Senders { get; init; } = 4;
    /// <summary>Vital-sign rounds (7 observations, plus the daily lab panel) per patient per visit of the stream.</summary>
    public int SetsPerVisit { get; init; } = 2;
    /// <summary>The shortest warm-up; it goes on until the server's JIT has settled (<see cref="SettledJitMsPerSecond"/>).</summary>
    public TimeSpan Warmup { get; init; }
    /// <summary>The longest warm-up, whether or not the JIT has settled by then.</summary>
    public TimeSpan WarmupMax { get; init; }
    /// <summary>The server's JIT counts as settled at or below this many milliseconds of compilation per second (3 s average).</summary>
    public double SettledJitMsPerSecond { get; init; }
    public TimeSpan Duration { get; init; }
    /// <summary>When set, the measured phase sends this many observations instead of running for <see cref="Duration"/>.</summary>
    public long? Count { get; init; }
    public int Probes { get; init; }
    public int ProbeCenters { get; init; } = 2;
    public int RawRows { get; init; }
    public int EnrolConcurrency { get; init; } = 32;
    /// <summary>Background load in observations/s across all senders; 0 sends as fast as the server answers.</summary>
    public int Rate { get; init; }
    /// <summary>
    /// Background load of the alert-latency phase (issue 9: "accept → SignalR client under 10,000 observations/s of
    /// background load"); 0 skips the phase and the RESULT's alert_p99_ms comes from the flat-out phase.
    /// </summary>
    public int AlertRate { get; init; }
    public TimeSpan AlertDuration { get; init; }
    /// <summary>SignalR connections opened (each joined to a center) before the server's memory is read.</summary>
    public int HubConnections { get; init; }
    /// <summary>A file holding the server's process id (bench/run-ingest writes it), for reading its memory.</summary>
    public string? ServerPidFile { get; init; }
    /// <summary>A command that restarts the server (bench/run-ingest writes one), for the recovery measurement.</summary>
    public string? RestartCommand { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--quick")
            {
                quick = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"unexpected argument '{arg}'; options are --name value (see bench/README.md)");
            values[arg[2..]] = args[++i];
        }

        string? Text(string name) => values.Remove(name, out var v) ? v : null;
        int Int(string name, int fallback) => Text(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        TimeSpan Seconds(string name, double fallback) =>
            TimeSpan.FromSeconds(Text(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback);

        var url = Text("url") ?? throw new ArgumentException("--url http://host:port of the running server is required");
        var options = new BenchOptions
        {
            ServerUrl = new Uri(url.TrimEnd('/') + "/"),
            Provider = (Text("provider") ?? "postgres").ToLowerInvariant(),
            RawConnectionString = Text("raw-connection"),
            Quick = quick,
            Patients = Int("patients", quick ? 1_000 : 10_000),
            Centers = Int("centers", 10),
            BatchSize = Int("batch", 1000),
            Senders = Int("senders", 4),
            SetsPerVisit = Int("sets-per-visit", 2),
            Warmup = Seconds("warmup", quick ? 3 : 5),
            WarmupMax = Seconds("warmup-max", quick ? 45 : 60),
            SettledJitMsPerSecond = Text("settled-jit") is { } settled ? double.Parse(settled, CultureInfo.InvariantCulture) : 50,
            Duration = Seconds("duration", quick ? 20 : 60),
            Count = Text("count") is { } count ? long.Parse(count, CultureInfo.InvariantCulture) : null,
            Probes = Int("probes", quick ? 20 : 60),
            ProbeCenters = Int("probe-centers", 2),
            RawRows = Int("raw-rows", quick ? 100_000 : 500_000),
            EnrolConcurrency = Int("enrol-concurrency", 32),
            Rate = Int("rate", 0),
            AlertRate = Int("alert-rate", 10_000),
            AlertDuration = Seconds("alert-duration", quick ? 20 : 60),
            HubConnections = Int("hub-connections", quick ? 200 : 1_000),
            ServerPidFile = Text("server-pid-file"),
            RestartCommand = Text("restart-command"),
        };
        if (values.Count > 0) throw new ArgumentException($"unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}");
        if (options.Provider is not ("postgres" or "sqlite")) throw new ArgumentException("--provider is postgres or sqlite");
        if (options.Centers < 1 || options.Patients < options.Centers) throw new ArgumentException("--patients must be at least --centers");
        if (options.AlertRate < 0) throw new ArgumentException("--alert-rate is observations/s of background load, 0 to skip the phase");
        if (options.WarmupMax < options.Warmup) throw new ArgumentException("--warmup-max must be at least --warmup");
        if (options.SettledJitMsPerSecond < 0) throw new ArgumentException("--settled-jit is milliseconds of JIT per second, 0 or more");
        if (options.HubConnections < 0) throw new ArgumentException("--hub-connections is a count");
        if (options.Rate < 0) throw new ArgumentException("--rate is observations/s, 0 for as fast as possible");
        if (options.BatchSize is < 1 or > 10_000) throw new ArgumentException("--batch is 1–10,000 (api.md)");
        if (options.ProbeCenters < 1 || options.ProbeCenters > options.Centers) throw new ArgumentException("--probe-centers is 1..--centers");
        return options;
    }
}
