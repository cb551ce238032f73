using System.Diagnostics;
using System.Globalization;

namespace TrialMonitor.Ingest.Bench;

/// <summary>CPU seconds used so far by the server, by every PostgreSQL process, and by this bench.</summary>
public readonly record struct CpuSample(double Server, double Database, double Client)
{
    public static CpuSample operator -(CpuSample a, CpuSample b) => new(a.Server - b.Server, a.Database - b.Database, a.Client - b.Client);
}

/// <summary>
/// The machine's speed drifts between runs (the raw COPY of the same rows ran at 69,000–123,000 rows/s within an hour),
/// so a change is judged by the CPU time each process spends per durable observation, which drifts far less than a rate.
/// Read from /proc (Linux); null elsewhere.
/// </summary>
public static class CpuTime
{
    // USER_HZ: the unit of /proc/PID/stat's times on Linux.
    private const double TicksPerSecond = 100;

    public static CpuSample? Read(string? serverPidFile)
    {
        if (serverPidFile is null || !File.Exists(serverPidFile) || !Directory.Exists("/proc")) return null;
        var server = SecondsOf(File.ReadAllText(serverPidFile).Trim());
        if (server is null) return null;
        var database = 0.0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(directory);
            if (!char.IsAsciiDigit(pid[0])) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == "postgres") database += SecondsOf(pid) ?? 0;
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return new CpuSample(server.Value, database, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
    }

    /// <summary>"server X µs, PostgreSQL Y µs, this bench Z µs per observation (C of N cores busy)".</summary>
    public static string Describe(CpuSample used, long observations, TimeSpan wall)
    {
        string PerObservation(double seconds) => observations > 0 ? (seconds * 1e6 / observations).ToString("F1", CultureInfo.InvariantCulture) : "–";
        return $"server {PerObservation(used.Server)} µs, PostgreSQL {PerObservation(used.Database)} µs, this bench {PerObservation(used.Client)} µs " +
            $"per durable observation ({(used.Server + used.Database + used.Client) / wall.TotalSeconds:F2} of {Environment.ProcessorCount} cores busy)";
    }

    private static double? SecondsOf(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces and parentheses: the fields after it start past the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name (0-based: 11, 12).
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
