using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrialMonitor.Web.Tests.Support;

namespace TrialMonitor.Web.Tests;

/// <summary><c>POST /dev/token</c>: mints tokens on a Development server, and does not exist anywhere else.</summary>
public sealed class DevelopmentSignInTests
{
    [Fact]
    public async Task A_development_server_mints_a_token_for_a_role_and_center_that_the_api_then_honours()
    {
        await using var server = await WebServer.StartAsync();
        using var anonymous = server.Client(null);
        using var minted = await anonymous.PostAsJsonAsync("/dev/token", new { role = "clinician", center = "DEV-A", user = "dr-dev" });
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();

        using var clinician = server.Client(token);
        using var own = await clinician.GetAsync(new Uri("/api/v1/centers/DEV-A/patients", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var other = await clinician.GetAsync(new Uri("/api/v1/centers/DEV-B/patients", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);

        foreach (var (body, field) in new (object Body, string Field)[]
                 {
                     (new { role = "superuser", center = "DEV-A" }, "role:"),
                     (new { role = "clinician" }, "center:"),
                     (new { role = "clinician", center = "DEV A" }, "center"),
                 })
        {
            using var refused = await anonymous.PostAsJsonAsync("/dev/token", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.StartsWith(field, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Outside_development_there_is_no_dev_token_endpoint_but_the_pages_are_served()
    {
        await using var server = await WebServer.StartAsync("Production", new Dictionary<string, string>
        {
            ["Auth:SigningKey"] = "a production signing key of the tests, 32 bytes or more",
        });
        using var anonymous = server.Client(null);
        using var minted = await anonymous.PostAsJsonAsync("/dev/token", new { role = "admin", center = "*" });
        Assert.Equal(HttpStatusCode.NotFound, minted.StatusCode);
        using var page = await anonymous.GetAsync(new Uri("/signin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
