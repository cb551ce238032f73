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

    /// <summary>The directory holding TrialMonitor.sln, above the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "TrialMonitor.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("the repository root (holding TrialMonitor.sln) was not found above " + AppContext.BaseDirectory);
    }

    private static string? FindBesideRepository()
    {
        var shared = System.IO.Path.Combine(Directory.GetParent(RepositoryRoot())?.FullName ?? "", "shared");
        return Directory.Exists(shared) ? shared : null;
    }
}
