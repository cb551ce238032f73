using System.Net;
using TrialMonitor.Server.Security;
using TrialMonitor.Server.Tests.Support;

namespace TrialMonitor.Server.Tests;

/// <summary>The development issuer: `TrialMonitor.Server token`, accepted in Development and nowhere else.</summary>
public sealed class TokenTests
{
    [Fact]
    public async Task The_token_command_prints_a_token_on_its_last_line_that_a_development_server_accepts_for_that_role_and_center()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = TokenCommand.Run(["--role", "clinician", "--center", "TOK-CTR", "--user", "dr-tok"], new AuthOptions(), output, error, DateTimeOffset.UtcNow);
        Assert.Equal((0, ""), (exit, error.ToString()));
        var token = output.ToString().TrimEnd().Split('\n')[^1].Trim();
        Assert.Equal(3, token.Split('.').Length);

        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        using var client = factory.CreateClient(token);
        using var own = await client.GetAsync(new Uri("/api/v1/centers/TOK-CTR/alerts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var other = await client.GetAsync(new Uri("/api/v1/centers/TOK-OTHER/alerts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("centerId", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--center", "X" }, "--role is required")]
    [InlineData(new[] { "--role", "janitor" }, "--role is required")]
    [InlineData(new[] { "--role", "device" }, "--center is required")]
    [InlineData(new[] { "--role", "sponsor", "--hours", "9999" }, "not understood")]
    [InlineData(new[] { "--role", "sponsor", "--bogus" }, "not understood")]
    public void The_token_command_refuses_what_it_cannot_honour_with_exit_code_2(string[] args, string reason)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(2, TokenCommand.Run(args, new AuthOptions(), output, error, DateTimeOffset.UtcNow));
        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Outside_development_the_server_refuses_to_start_with_the_development_key_and_starts_with_a_key_of_its_own()
    {
        await using (var production = new TrialMonitorFactory(StorageTarget.NewSqlite()) { EnvironmentName = "Production" })
        {
            var refused = Assert.ThrowsAny<Exception>(() => production.CreateClient());
            Assert.Contains("Auth:SigningKey", (refused.InnerException ?? refused).Message, StringComparison.Ordinal);
        }

        const string key = "a production key of this deployment, thirty-two bytes or more";
        await using var own = new TrialMonitorFactory(StorageTarget.NewSqlite()) { EnvironmentName = "Production" };
        own.Settings["Auth:SigningKey"] = key;
        var token = DevelopmentTokens.Create(new AuthOptions { SigningKey = key }, "dr-prod", ["clinician"], ["PRD-CTR"], TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        using var client = own.CreateClient(token);
        using var response = await client.GetAsync(new Uri("/api/v1/centers/PRD-CTR/alerts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var devKeyed = own.CreateClient(TrialMonitorFactory.EverythingToken);
        using var refusedToken = await devKeyed.GetAsync(new Uri("/api/v1/centers/PRD-CTR/alerts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refusedToken.StatusCode);
    }
}
