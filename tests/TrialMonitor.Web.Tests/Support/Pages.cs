using Microsoft.Playwright;

namespace TrialMonitor.Web.Tests.Support;

/// <summary>What the tests look for on the pages.</summary>
public static class Pages
{
    /// <summary>
    /// The console's row of the <paramref name="kind"/> alert of <paramref name="patientId"/> (a patient may also have,
    /// say, a missing-data alert from the server's start-up check).
    /// </summary>
    public static ILocator AlertOf(IPage page, string patientId, string kind = "crs") =>
        page.Locator($"li.alert[data-kind='{kind}']").Filter(new LocatorFilterOptions { Has = page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = patientId, Exact = true }) });

    /// <summary>Waits until the page's hub connection has joined (the page marks it on the body).</summary>
    public static Task LiveAsync(IPage page, float timeout = 15_000) =>
        Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-connection", "connected", new LocatorAssertionsToHaveAttributeOptions { Timeout = timeout });
}
