namespace TrialMonitor.Server.Tests.Support;

/// <summary>
/// Finds ../shared beside the repository (or $TRIALMONITOR_SHARED). The clinical material is read from there,
/// never copied into the repository.
/// </summary>
public static class SharedFiles
{
    public static string Path(params string[] parts)
    {
        var root = Environment.GetEnvironmentVariable("TRIALMONITOR_SHARED") ?? FindBesideRepository()
            ?? throw new InvalidOperationException("../shared was not found beside the repository; set TRIALMONITOR_SHARED");
        return System.IO.Path.Combine([root, .. parts]);
    }

    private static string? FindBesideRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "TrialMonitor.sln")))
            {
                var shared = System.IO.Path.Combine(directory.Parent?.FullName ?? "", "shared");
                return Directory.Exists(shared) ? shared : null;
            }
        }

        return null;
    }
}
