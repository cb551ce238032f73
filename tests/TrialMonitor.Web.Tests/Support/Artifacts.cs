namespace TrialMonitor.Web.Tests.Support;

/// <summary>
/// Where the browser tests leave screenshots and the first-paint figures: <c>artifacts/</c> beside the test assembly
/// (tests/TrialMonitor.Web.Tests/bin/Release/net10.0/artifacts), or $TRIALMONITOR_WEB_ARTIFACTS.
/// </summary>
public static class Artifacts
{
    public static string Directory { get; } = Create();

    public static string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    private static string Create()
    {
        var directory = Environment.GetEnvironmentVariable("TRIALMONITOR_WEB_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(AppContext.BaseDirectory, "artifacts");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }
}
