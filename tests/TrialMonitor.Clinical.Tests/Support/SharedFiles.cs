namespace TrialMonitor.Clinical.Tests.Support;

/// <summary>
/// Finds the shared material (../shared beside the repository) that CI provides. It is read in place and
/// never copied into the repository. TRIALMONITOR_SHARED overrides the location.
/// </summary>
public static class SharedFiles
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Root { get; } = Locate();

    private static string Locate()
    {
        var overridden = Environment.GetEnvironmentVariable("TRIALMONITOR_SHARED");
        if (!string.IsNullOrEmpty(overridden)) return Existing(overridden);

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "TrialMonitor.sln")))
                return Existing(System.IO.Path.Combine(directory.FullName, "..", "shared"));
        }

        throw new InvalidOperationException($"TrialMonitor.sln not found above {AppContext.BaseDirectory}; set TRIALMONITOR_SHARED to the shared folder");
    }

    private static string Existing(string path) => Directory.Exists(path)
        ? System.IO.Path.GetFullPath(path)
        : throw new DirectoryNotFoundException($"the shared folder {System.IO.Path.GetFullPath(path)} is missing: it must sit beside the repository (../shared)");
}
