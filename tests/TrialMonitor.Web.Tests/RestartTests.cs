using Microsoft.Playwright;
using TrialMonitor.Server.Security;
using TrialMonitor.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TrialMonitor.Web.Tests;

/// <summary>
/// The server restarts (same port, same SQLite data) while a console is open, and an alert is raised before the page
/// has reconnected: the page shows the lost-connection banner, and on reconnection replays by sequence what it missed.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class RestartTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Center = "WEB-R";
    private WebServer _server = null!;

    public async Task InitializeAsync() => _server = await WebServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task After_a_restart_the_open_console_shows_the_alert_raised_while_it_was_disconnected()
    {
        var before = "WEB-R-BEFORE";
        var during = "WEB-R-DURING";
        using (var device = _server.Client(WebServer.EverythingToken))
        {
            await Api.EnrolAsync(device, before, Center, DateTimeOffset.UtcNow.AddDays(-2));
            await Api.EnrolAsync(device, during, Center, DateTimeOffset.UtcNow.AddDays(-2));
            await Api.PostAsync(device, Api.Fever("web-restart-1", before, DateTimeOffset.UtcNow.AddMinutes(-3)));
        }

        await using var session = await browser.NewSessionAsync(_server, WebServer.TokenFor("web-restart", [TrialMonitorRoles.Clinician], [Center]));
        var page = await session.NewPageAsync();
        await page.GotoAsync($"/console/{Center}");
        await Pages.LiveAsync(page);
        await Expect(Pages.AlertOf(page, before)).ToBeVisibleAsync();
        var banner = page.Locator("#connection");
        await Expect(banner).ToBeHiddenAsync();

        await _server.StopAsync();
        await Expect(banner).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 10_000 });
        await Expect(banner).ToContainTextAsync("Live connection lost");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf("console-connection-lost.png"), FullPage = true });

        // Hold the page's reconnection back (its negotiate requests fail as if the server were still away) until the
        // alert has been raised, so that the alert can only reach the page by the replay after reconnecting.
        await page.RouteAsync("**/hubs/monitoring/negotiate**", route => route.AbortAsync("connectionrefused"));
        await _server.StartAsync();
        using (var device = _server.Client(WebServer.EverythingToken))
        {
            await Api.PostAsync(device, Api.Fever("web-restart-2", during, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        await Task.Delay(1000);
        await Expect(banner).ToBeVisibleAsync();
        await Expect(Pages.AlertOf(page, during)).ToHaveCountAsync(0);

        await page.UnrouteAsync("**/hubs/monitoring/negotiate**");
        await Expect(Pages.AlertOf(page, during)).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 15_000 });
        await Expect(banner).ToBeHiddenAsync();
        await Expect(Pages.AlertOf(page, before)).ToBeVisibleAsync();
        output.WriteLine("the alert raised while the page was disconnected was replayed after the restart");
    }
}
