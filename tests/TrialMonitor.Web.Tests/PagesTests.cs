using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using TrialMonitor.Server.Security;
using TrialMonitor.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TrialMonitor.Web.Tests;

/// <summary>
/// Every page with a course worth looking at: what each shows, a screenshot of each (artifacts/), and the first paint
/// each takes in the browser (Performance API), written to artifacts/first-paint.txt and the test output.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class PagesTests(BrowserFixture browser, ServerFixture fixture, ITestOutputHelper output) : IClassFixture<ServerFixture>, IAsyncLifetime
{
    private const string Center = "WEB-P";
    private const string Sick = "WEB-P-001";
    private const string Well = "WEB-P-002";
    private WebServer Server => fixture.Server;

    private static readonly string ClinicianToken = WebServer.TokenFor("web-pages", [TrialMonitorRoles.Clinician], [Center]);

    public async Task InitializeAsync()
    {
        using var device = Server.Client(WebServer.EverythingToken);
        var now = DateTimeOffset.UtcNow;
        if ((await Api.GetAsync(device, $"/api/v1/centers/{Center}/patients")).GetProperty("patients").GetArrayLength() > 0) return;
        await Api.EnrolAsync(device, Sick, Center, now.AddDays(-3));
        await Api.EnrolAsync(device, Well, Center, now.AddDays(-3));
        await Api.PostAsync(device, [.. Course(Sick, now, sick: true)]);
        await Api.PostAsync(device, [.. Course(Well, now, sick: false)]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// Vital signs every 4 h for 72 h; for the sick patient a fever from 30 h ago, hypotension treated with
    /// norepinephrine and nasal oxygen (CRS grade 3, rules.md 1), tocilizumab, dexamethasone, an ICE score of 7 (ICANS
    /// grade 1, rules.md 2) and neutropenia.
    /// </summary>
    private static IEnumerable<JsonObject> Course(string patient, DateTimeOffset now, bool sick)
    {
        var n = 0;
        string Id() => $"{patient}-{n++}";
        for (var hoursAgo = 72; hoursAgo >= 1; hoursAgo -= 4)
        {
            var at = now.AddHours(-hoursAgo);
            var febrile = sick && hoursAgo <= 30;
            var shocked = sick && hoursAgo is <= 21 and >= 10;
            yield return Api.Observation(Id(), patient, "8310-5", febrile ? 38.6m + (hoursAgo % 3) * 0.3m : 36.8m + (hoursAgo % 2) * 0.2m, "Cel", at);
            yield return Api.Observation(Id(), patient, "8867-4", febrile ? 118m : 78m, "/min", at);
            yield return Api.Observation(Id(), patient, "9279-1", febrile ? 22m : 15m, "/min", at);
            yield return Api.Observation(Id(), patient, "8480-6", shocked ? 84m : 122m - (hoursAgo % 3) * 4, "mm[Hg]", at);
            yield return Api.Observation(Id(), patient, "59408-5", shocked ? 92m : 97m, "%", at);
            yield return Api.Observation(Id(), patient, "tm:acvpu", "A", null, at);
            if (hoursAgo == 72) yield return Api.Observation(Id(), patient, "tm:o2-device", "room-air", null, at);
        }

        if (!sick) yield break;
        yield return Api.Observation(Id(), patient, "751-8", 0.4m, "10*9/L", now.AddHours(-26));
        yield return Api.Observation(Id(), patient, "1988-5", 96m, "mg/L", now.AddHours(-26));
        yield return Api.Observation(Id(), patient, "tm:vasopressors", new JsonArray("norepinephrine"), null, now.AddHours(-20));
        yield return Api.Observation(Id(), patient, "tm:o2-device", "nasal-cannula", null, now.AddHours(-20));
        yield return Api.Observation(Id(), patient, "3151-8", 3m, "L/min", now.AddHours(-20));
        yield return Api.Observation(Id(), patient, "tm:medication", "tocilizumab", null, now.AddHours(-19));
        yield return Api.Observation(Id(), patient, "tm:ice-score", 7, "{score}", now.AddHours(-16));
        yield return Api.Observation(Id(), patient, "tm:medication", "dexamethasone", null, now.AddHours(-15));
    }

    [Fact]
    public async Task The_console_lists_the_patients_with_grades_and_trends_and_makes_the_emergency_impossible_to_miss()
    {
        await using var session = await browser.NewSessionAsync(Server, ClinicianToken);
        var page = await session.NewPageAsync();
        await page.GotoAsync($"/console/{Center}");
        await Pages.LiveAsync(page);

        var emergency = page.Locator("#emergency");
        await Expect(emergency).ToBeVisibleAsync();
        await Expect(emergency).ToContainTextAsync("EMERGENCY");
        await Expect(emergency).ToContainTextAsync("CRS grade 3");
        await Expect(Pages.AlertOf(page, Sick).First.Locator(".badge")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("EMERGENCY"));

        var sickRow = page.Locator($"tr[data-patient-id='{Sick}']");
        await Expect(sickRow).ToContainTextAsync("D3");
        await Expect(sickRow).ToContainTextAsync("CRS 3");
        await Expect(sickRow).ToContainTextAsync("ICANS 1");
        await Expect(sickRow.Locator("svg.sparkline polyline")).ToHaveCountAsync(3);
        await Expect(page.Locator($"tr[data-patient-id='{Well}']")).ToContainTextAsync("CRS 0");

        // Keyboard: the acknowledge button is reached with Tab alone.
        var reached = false;
        for (var i = 0; i < 40 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<bool>("() => document.activeElement?.classList.contains('acknowledge') === true");
        }

        Assert.True(reached, "the Acknowledge button cannot be reached with the keyboard");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf("console.png"), FullPage = true });
        await page.SetViewportSizeAsync(768, 1024);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf("console-tablet-portrait.png"), FullPage = true });
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the console scrolls sideways at tablet width");
    }

    [Fact]
    public async Task The_patient_page_shows_the_readings_the_episodes_the_treatments_and_the_alert_history()
    {
        await using var session = await browser.NewSessionAsync(Server, ClinicianToken);
        var page = await session.NewPageAsync();
        await page.GotoAsync($"/patients/{Sick}");
        await Expect(page.Locator("[data-chart='temperature'] canvas")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-chart='grades'] canvas")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-chart='systolicBloodPressure']")).ToBeVisibleAsync();
        await Expect(page.Locator("#episodes")).ToContainTextAsync("CRS");
        await Expect(page.Locator("#episodes")).ToContainTextAsync("ICANS");
        await Expect(page.Locator("#treatments")).ToContainTextAsync("norepinephrine running");
        await Expect(page.Locator("#treatments")).ToContainTextAsync("tocilizumab given");
        await Expect(page.Locator("#treatments")).ToContainTextAsync("dexamethasone given");
        await Expect(page.Locator("#treatments")).ToContainTextAsync("nasal cannula");
        await Expect(page.Locator("#alert-history")).ToContainTextAsync("CRS grade 3");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf("patient.png"), FullPage = true });
    }

    [Fact]
    public async Task The_sponsor_and_safety_board_pages_show_per_center_counts_without_a_patient_id()
    {
        await using var sponsor = await browser.NewSessionAsync(Server, WebServer.TokenFor("web-sponsor", [TrialMonitorRoles.Sponsor], []));
        var page = await sponsor.NewPageAsync();
        await page.GotoAsync("/sponsor/CART-SLE-01");
        var row = page.Locator($"tr[data-center-id='{Center}']");
        await Expect(row).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 15_000 });
        // Two patients: shown as "<3" (the server's small-count rule), never as 2.
        await Expect(row.Locator("td").First).ToHaveTextAsync("<3", new LocatorAssertionsToHaveTextOptions { Timeout = 15_000 });
        await Pages.LiveAsync(page);
        await Expect(page.Locator("main")).Not.ToContainTextAsync(Sick);
        await Expect(page.Locator("#quality")).ToContainTextAsync(Center);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf("sponsor.png"), FullPage = true });

        await using var board = await browser.NewSessionAsync(Server, WebServer.TokenFor("web-dsmb", [TrialMonitorRoles.Dsmb], []));
        var dsmb = await board.NewPageAsync();
        await dsmb.GotoAsync("/dsmb/CART-SLE-01");
        await Expect(dsmb.Locator("#crs")).ToContainTextAsync(Center, new LocatorAssertionsToContainTextOptions { Timeout = 15_000 });
        await Expect(dsmb.Locator("#crs")).ToContainTextAsync("not shown (small counts)");
        // The safety board report of issue 7: its tables, and its plots (onset, stopping boundaries) as SVG figures.
        await Expect(dsmb.Locator("#report")).ToContainTextAsync("Stopping Rules", new LocatorAssertionsToContainTextOptions { Timeout = 15_000 });
        await Expect(dsmb.Locator("#plots figure svg").First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 15_000 });
        await Expect(dsmb.Locator("#plots")).ToContainTextAsync("stop when events reach b(n)");
        await Expect(dsmb.Locator("main")).Not.ToContainTextAsync(Sick);
        await dsmb.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf("dsmb.png"), FullPage = true });
    }

    [Fact]
    public async Task First_paint_of_every_page_is_measured_in_the_browser_and_screenshots_are_saved()
    {
        var pages = new (string Name, string Path, string? Token, string Ready)[]
        {
            ("sign-in", "/signin", null, "#dev-form"),
            ("console", $"/console/{Center}", ClinicianToken, $"tr[data-patient-id='{Sick}']"),
            ("patient", $"/patients/{Sick}", ClinicianToken, "[data-chart='temperature'] canvas"),
            ("sponsor", "/sponsor/CART-SLE-01", WebServer.TokenFor("web-sponsor", [TrialMonitorRoles.Sponsor], []), "#centers tr"),
            ("dsmb", "/dsmb/CART-SLE-01", WebServer.TokenFor("web-dsmb", [TrialMonitorRoles.Dsmb], []), "#crs tr"),
        };
        var resources = new List<string> { "request\tstart ms\tend ms\tbytes" };
        var lines = new List<string> { "page\tfirst-paint ms\tfirst-contentful-paint ms\tDOMContentLoaded ms\tload ms\tcontent ready ms (after navigation start)" };
        foreach (var (name, path, token, ready) in pages)
        {
            // The first visit warms the server (JIT, grain activation); the next three, each in a fresh session with an
            // empty cache, are measured.
            for (var visit = 0; visit < 4; visit++)
            {
                await using var session = await browser.NewSessionAsync(Server, token);
                var page = await session.NewPageAsync();
                await page.GotoAsync(path);
                await Expect(page.Locator(ready).First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 15_000 });
                if (visit == 0) continue;
                var timings = await page.EvaluateAsync<JsonElement>(@"() => {
                    const paint = Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, e.startTime]));
                    const nav = performance.getEntriesByType('navigation')[0];
                    return { fp: paint['first-paint'] ?? -1, fcp: paint['first-contentful-paint'] ?? -1,
                             dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, ready: performance.now() };
                }");
                var fcp = timings.GetProperty("fcp").GetDouble();
                Assert.True(fcp > 0, $"{name}: the browser reported no first contentful paint");
                lines.Add(string.Join('\t', $"{name} #{visit}", Ms(timings, "fp"), Ms(timings, "fcp"), Ms(timings, "dcl"), Ms(timings, "load"), Ms(timings, "ready")));
                // Where the time went: each request of the page, from navigation start.
                resources.Add($"{name} #{visit}:");
                resources.AddRange(await page.EvaluateAsync<string[]>(
                    "() => performance.getEntriesByType('resource').map(r => `  ${r.name.replace(location.origin, '')}\\t${r.startTime.toFixed(0)}\\t${r.responseEnd.toFixed(0)}\\t${r.transferSize}`)"));
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.PathOf($"{name}-page.png"), FullPage = true });
            }
        }

        await File.WriteAllLinesAsync(Artifacts.PathOf("first-paint.txt"), lines);
        await File.WriteAllLinesAsync(Artifacts.PathOf("first-paint-requests.txt"), resources);
        foreach (var line in lines) output.WriteLine(line);
        output.WriteLine($"artifacts: {Artifacts.Directory}");
    }

    private static string Ms(JsonElement timings, string name) => timings.GetProperty(name).GetDouble().ToString("0", CultureInfo.InvariantCulture);
}
