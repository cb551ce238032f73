using Microsoft.Playwright;

namespace TrialMonitor.Web.Tests.Support;

/// <summary>
/// One headless Chromium for the test run: Debian's package at /usr/bin/chromium (or $TRIALMONITOR_CHROMIUM), never a
/// browser Playwright downloads. A machine without it fails every browser test with the command that installs it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static string ExecutablePath { get; } = Environment.GetEnvironmentVariable("TRIALMONITOR_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(Missing);

    private static string Missing =>
        $"Chromium is not installed at {ExecutablePath}: the web tests drive Debian's Chromium, never a downloaded browser. " +
        "Install it with `apt-get install -y chromium` (or set TRIALMONITOR_CHROMIUM to a Chromium executable).";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath)) throw new InvalidOperationException(Missing);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Autoplay lets the console's optional emergency sound start without a gesture in the tests.
            Args = ["--autoplay-policy=no-user-gesture-required"],
        });
    }

    /// <summary>A fresh browser session (its own sessionStorage) at tablet width, signed in with <paramref name="token"/> when given.</summary>
    public async Task<IBrowserContext> NewSessionAsync(WebServer server, string? token, int width = 1024, int height = 768)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        if (token is not null) await context.AddInitScriptAsync($"sessionStorage.setItem('trialmonitor.token', '{token}');");
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
