using System.Globalization;

namespace TrialMonitor.FaultDriver;

/// <summary>Command line of the driver (tests/fault/run passes them; see tests/fault/README.md).</summary>
public sealed class DriverOptions
{
    public string Phase { get; private set; } = "";
    public IReadOnlyList<Uri> Servers { get; private set; } = [];
    public string Postgres { get; private set; } = "";
    public string RunTag { get; private set; } = "";
    public int Patients { get; private set; } = 96;
    public int Centers { get; private set; } = 4;
    public int Senders { get; private set; } = 6;
    public int Rounds { get; private set; } = 30;
    public TimeSpan RoundInterval { get; private set; } = TimeSpan.FromSeconds(1);
    public int FaultAtRound { get; private set; } = 10;
    public int KillIndex { get; private set; } = -1;
    public int KillPid { get; private set; }
    public string? PostgresRestart { get; private set; }
    public int ServerPid { get; private set; }
    public int BatchSize { get; private set; } = 4000;
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(20);
    public int RssGrowthBoundMb { get; private set; } = 600;
    public TimeSpan Settle { get; private set; } = TimeSpan.FromSeconds(6);
    public TimeSpan GiveUpAfter { get; private set; } = TimeSpan.FromSeconds(180);

    /// <summary>A request answered later than this counts as hung: Orleans' own response timeout is 30 s.</summary>
    public TimeSpan MaxLatency { get; private set; } = TimeSpan.FromSeconds(30);

    public static DriverOptions Parse(string[] args)
    {
        var o = new DriverOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--phase": o.Phase = Next(); break;
                case "--servers": o.Servers = Next().Split(',').Select(s => new Uri(s.TrimEnd('/') + "/")).ToArray(); break;
                case "--postgres": o.Postgres = Next(); break;
                case "--run-tag": o.RunTag = Next(); break;
                case "--patients": o.Patients = Int(); break;
                case "--centers": o.Centers = Int(); break;
                case "--senders": o.Senders = Int(); break;
                case "--rounds": o.Rounds = Int(); break;
                case "--round-interval-ms": o.RoundInterval = TimeSpan.FromMilliseconds(Int()); break;
                case "--fault-at-round": o.FaultAtRound = Int(); break;
                case "--kill-index": o.KillIndex = Int(); break;
                case "--kill-pid": o.KillPid = Int(); break;
                case "--pg-restart": o.PostgresRestart = Next(); break;
                case "--server-pid": o.ServerPid = Int(); break;
                case "--batch": o.BatchSize = Int(); break;
                case "--duration-s": o.Duration = TimeSpan.FromSeconds(Int()); break;
                case "--rss-growth-bound-mb": o.RssGrowthBoundMb = Int(); break;
                case "--max-latency-ms": o.MaxLatency = TimeSpan.FromMilliseconds(Int()); break;
                case "--settle-s": o.Settle = TimeSpan.FromSeconds(Int()); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (o.Phase is not ("kill" or "pg-restart" or "overload")) throw new ArgumentException("--phase is kill, pg-restart or overload");
        if (o.Servers.Count == 0 || o.Postgres.Length == 0 || o.RunTag.Length == 0) throw new ArgumentException("--servers, --postgres and --run-tag are required");
        if (o.Phase == "kill" && (o.KillPid <= 0 || o.KillIndex < 0)) throw new ArgumentException("--phase kill needs --kill-pid and --kill-index");
        if (o.Phase == "pg-restart" && o.PostgresRestart is null) throw new ArgumentException("--phase pg-restart needs --pg-restart SCRIPT");
        if (o.Phase == "overload" && o.ServerPid <= 0) throw new ArgumentException("--phase overload needs --server-pid");
        return o;
    }
}
