using System.Diagnostics;
using System.Globalization;

namespace TrialMonitor.Ingest.Bench;

/// <summary>The server process bench/run-ingest started: its memory, and a restart for the recovery measurement.</summary>
public static class ServerProcess
{
    /// <summary>Resident set size in MiB from /proc/PID/status (VmRSS), or null where that cannot be read.</summary>
    public static double? ResidentMiB(string? pidFile)
    {
        if (pidFile is null || !File.Exists(pidFile)) return null;
        var pid = File.ReadAllText(pidFile).Trim();
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status)) return null;
        foreach (var line in File.ReadLines(status))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var kib = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return kib / 1024.0;
        }

        return null;
    }

    /// <summary>Runs the restart command (it returns once the new process answers /health/ready).</summary>
    public static async Task RestartAsync(string command, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("the restart command did not start");
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0) throw new InvalidOperationException($"the restart command exited with {process.ExitCode}");
    }
}
