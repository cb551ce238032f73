using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using TrialMonitor.Server.Security;
using TrialMonitor.Server.Tests.Support;
using static TrialMonitor.Server.Security.TrialMonitorRoles;

namespace TrialMonitor.Server.Tests;

/// <summary>
/// Every endpoint and hub method, with every role, at the caller's own center and at another (issue 5 role table):
/// allowed calls get past access control, the others get 403, and nobody gets in without a token (401).
/// </summary>
public sealed class AuthorizationTests : IAsyncLifetime
{
    private const string Own = "AZ-OWN";
    private const string Other = "AZ-OTHER";

    private readonly TrialMonitorFactory _factory = new(StorageTarget.NewSqlite());
    private readonly Dictionary<string, (string Patient, string AlertId, string DraftId, long QuarantineId)> _ids = new(StringComparer.Ordinal);

    /// <summary>The issue's table, written out again on purpose: what each role may call, "own" meaning only at its own center.</summary>
    private static readonly (string Method, string Path, string[] Roles, bool CenterScoped)[] Calls =
    [
        ("PUT", "/api/v1/patients/{newPatient}", [Device], true),
        ("POST", "/api/v1/observations", [Device], true),
        ("GET", "/api/v1/patients/{patient}/status", [Clinician, Investigator], true),
        ("POST", "/api/v1/patients/{patient}/death", [Clinician, Investigator], true),
        ("GET", "/api/v1/centers/{center}/alerts", [Clinician, Investigator], true),
        ("GET", "/api/v1/centers/{center}/summary", [Clinician, Investigator], true),
        ("GET", "/api/v1/centers/{center}/alert-quality", [Clinician, Investigator, Admin], true),
        ("POST", "/api/v1/alerts/{alert}/acknowledge", [Clinician, Investigator], true),
        ("POST", "/api/v1/alerts/{alert}/resolve", [Clinician, Investigator], true),
        ("GET", "/api/v1/alerts/{alert}/attempts", [Clinician, Investigator, Admin], true),
        ("GET", "/api/v1/centers/{center}/on-call", [Clinician, Investigator, Admin], true),
        ("GET", "/api/v1/centers/{center}/on-call/now", [Clinician, Investigator, Admin], true),
        ("PUT", "/api/v1/centers/{center}/on-call", [Admin], true),
        ("PUT", "/api/v1/centers/{center}/webhook", [Admin], true),
        ("GET", "/api/v1/centers/{center}/webhook", [Admin], true),
        ("GET", "/api/v1/centers/{center}/webhook/pending", [Admin], true),
        ("GET", "/api/v1/centers/{center}/webhook/dead-letters", [Admin], true),
        ("POST", "/api/v1/centers/{center}/webhook/dead-letters/none/retry", [Admin], true),
        ("DELETE", "/api/v1/centers/{center}/webhook", [Admin], true),
        ("GET", "/api/v1/centers/{center}/sae-drafts", [Investigator], true),
        ("POST", "/api/v1/sae-drafts/{draft}/clocks/sponsor-notification/complete", [Investigator], true),
        ("GET", "/api/v1/centers/{center}/quarantine", [DataManager], true),
        ("POST", "/api/v1/quarantine/{quarantine}/release", [DataManager], true),
        ("POST", "/api/v1/quarantine/{quarantine}/discard", [DataManager], true),
        ("GET", "/api/v1/centers/{center}/patients", [Clinician, Investigator], true),
        ("GET", "/api/v1/patients/{patient}/timeline", [Clinician, Investigator], true),
        ("GET", "/api/v1/trials/CART-SLE-01/summary", [Sponsor, Dsmb, Admin], false),
        ("GET", "/api/v1/trials/CART-SLE-01/alert-quality", [Sponsor, Dsmb, Admin], false),
        ("GET", "/api/v1/trials/CART-SLE-01/safety-report", [Dsmb, Admin], false),
        ("GET", "/api/v1/trials/CART-SLE-01/safety-signals", [Sponsor, Dsmb, Admin], false),
        ("GET", "/api/v1/audit", [Admin], false),
        ("GET", "/api/v1/audit/verify", [Admin], false),
    ];

    public async Task InitializeAsync()
    {
        using var client = _factory.CreateClient();
        var now = DateTimeOffset.UtcNow;
        foreach (var center in (string[])[Own, Other])
        {
            var patient = center + "-P";
            await TrialMonitorApi.EnrolAsync(client, patient, center, now.AddDays(-2));
            await TrialMonitorApi.PostObservationsAsync(client,
            [
                TrialMonitorApi.Observation($"{patient}-t", patient, "8310-5", 38.9m, "Cel", now.AddMinutes(-20)),
                TrialMonitorApi.Observation($"{patient}-o2", patient, "tm:o2-device", "non-rebreather", null, now.AddMinutes(-20)),
                // Quarantined (no such SpO2), so that release and discard find a row of the center.
                TrialMonitorApi.Observation($"{patient}-q", patient, "59408-5", 150m, "%", now.AddMinutes(-20)),
            ]);
            var quarantined = (await TrialMonitorApi.GetJsonAsync(client, $"/api/v1/centers/{center}/quarantine")).GetProperty("items").EnumerateArray()
                .First(q => q.GetProperty("observationId").GetString() == $"{patient}-q");
            var alert = (await TrialMonitorApi.GetJsonAsync(client, $"/api/v1/centers/{center}/alerts")).EnumerateArray().First(a => a.GetProperty("kind").GetString() == "crs");
            JsonElement[] drafts = [];
            for (var i = 0; i < 40 && drafts.Length == 0; i++)
            {
                await Task.Delay(100);
                drafts = [.. (await TrialMonitorApi.GetJsonAsync(client, $"/api/v1/centers/{center}/sae-drafts")).EnumerateArray()];
            }

            _ids[center] = (patient, alert.GetProperty("alertId").GetString()!, Assert.Single(drafts).GetProperty("draftId").GetString()!, quarantined.GetProperty("id").GetInt64());
        }
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Every_endpoint_admits_exactly_its_roles_at_their_own_center_and_refuses_everyone_else()
    {
        var failures = new List<string>();
        var calls = 0;
        foreach (var role in All)
        {
            using var client = _factory.CreateClient(TrialMonitorFactory.TokenFor($"az-{role}", [role], [Own]));
            foreach (var center in (string[])[Own, Other])
            {
                foreach (var (method, template, roles, centerScoped) in Calls)
                {
                    var allowed = roles.Contains(role) && (!centerScoped || center == Own);
                    var (status, body) = await SendAsync(client, method, template, center, role);
                    calls++;
                    var got = method == "POST" && template == "/api/v1/observations"
                        // A device is let in, but observations of another center's patient are each rejected.
                        ? status == HttpStatusCode.Accepted && JsonDocument.Parse(body).RootElement.GetProperty("accepted").GetInt32() > 0
                        : status is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized);
                    if (got != allowed) failures.Add($"{role} {method} {template} at {(center == Own ? "own" : "other")} center: HTTP {(int)status}, expected {(allowed ? "allowed" : "403")}");
                    if (!allowed && method != "POST" | template != "/api/v1/observations" && status != HttpStatusCode.Forbidden)
                        failures.Add($"{role} {method} {template} at {center}: refused with {(int)status}, not 403");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(All.Count * 2 * Calls.Length, calls);
    }

    [Fact]
    public async Task Without_a_token_or_with_a_forged_one_every_endpoint_answers_401()
    {
        var forged = DevelopmentTokens.Create(new AuthOptions { SigningKey = "a key that is not the server's, 32 bytes or more" }, "mallory", All, [TrialMonitorRoles.AllCenters], TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        var expired = DevelopmentTokens.Create(new AuthOptions(), "late", All, [TrialMonitorRoles.AllCenters], TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow.AddHours(-1));
        foreach (var token in (string?[])[null, forged, expired, "not-a-jwt"])
        {
            using var client = _factory.CreateClient(token);
            foreach (var (method, template, _, _) in Calls)
            {
                var (status, _) = await SendAsync(client, method, template, Own, "none");
                Assert.True(status == HttpStatusCode.Unauthorized, $"{method} {template} with {(token is null ? "no token" : token[..Math.Min(10, token.Length)])}: HTTP {(int)status}");
            }
        }

        using var anonymous = _factory.CreateClient(null);
        using var health = await anonymous.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void Every_mapped_api_endpoint_has_an_access_rule_and_is_in_this_table()
    {
        var patterns = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToArray();
        Assert.NotEmpty(patterns);
        Assert.All(patterns, p => Assert.True(AccessRules.Table.ContainsKey(p), $"no access rule: {p}"));
        Assert.Equal(patterns.Length, Calls.Length);
    }

    [Fact]
    public async Task Hub_methods_admit_the_same_roles_and_centers_and_the_hub_refuses_a_connection_without_a_token()
    {
        foreach (var role in All)
        {
            await using var connection = _factory.CreateHubConnection(TrialMonitorFactory.TokenFor($"hub-{role}", [role], [Own]));
            await connection.StartAsync();
            var clinical = role is Clinician or Investigator;
            await Expect(clinical, () => connection.InvokeAsync<JsonElement[]>("JoinCenter", Own, 0L), $"{role} JoinCenter own");
            await Expect(false, () => connection.InvokeAsync<JsonElement[]>("JoinCenter", Other, 0L), $"{role} JoinCenter other");
            await Expect(clinical, () => connection.InvokeAsync("JoinRole", Own, "cart-attending"), $"{role} JoinRole own");
            await Expect(false, () => connection.InvokeAsync("JoinRole", Other, "cart-attending"), $"{role} JoinRole other");
            await Expect(role is Sponsor or Dsmb or Admin, () => connection.InvokeAsync<JsonElement>("JoinTrial", "CART-SLE-01"), $"{role} JoinTrial");
        }

        await using var anonymous = _factory.CreateHubConnection(null);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => anonymous.StartAsync());
    }

    [Fact]
    public async Task A_sponsor_sees_per_center_counts_with_small_ones_shown_as_under_3_and_no_patient_identifier()
    {
        using var sponsor = _factory.CreateClient(TrialMonitorFactory.TokenFor("sponsor", [Sponsor], []));
        JsonElement summary = default;
        for (var i = 0; i < 40; i++)
        {
            summary = await TrialMonitorApi.GetJsonAsync(sponsor, "/api/v1/trials/CART-SLE-01/summary");
            // The trial hears from its centers every few seconds: wait until both have reported their patient.
            if (summary.GetProperty("centers").EnumerateArray().Count(c => c.GetProperty("patientsEnrolled").ValueKind == JsonValueKind.String) == 2) break;
            await Task.Delay(250);
        }

        var own = Assert.Single(summary.GetProperty("centers").EnumerateArray(), c => c.GetProperty("centerId").GetString() == Own);
        Assert.Equal("<3", own.GetProperty("patientsEnrolled").GetString());
        var text = summary.GetRawText();
        Assert.DoesNotContain(Own + "-P", text, StringComparison.Ordinal);
        Assert.DoesNotContain("patientId", text, StringComparison.Ordinal);
    }

    private static async Task Expect(bool allowed, Func<Task> call, string what)
    {
        if (allowed)
        {
            await call();
            return;
        }

        var refused = await Assert.ThrowsAsync<HubException>(call);
        Assert.True(refused.Message.Contains("forbidden", StringComparison.Ordinal), $"{what}: {refused.Message}");
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, string method, string template, string center, string role)
    {
        var (patient, alertId, draftId, quarantineId) = _ids[center];
        var path = template.Replace("{center}", center, StringComparison.Ordinal).Replace("{patient}", patient, StringComparison.Ordinal)
            .Replace("{alert}", alertId, StringComparison.Ordinal).Replace("{draft}", draftId, StringComparison.Ordinal)
            .Replace("{newPatient}", $"{center}-N-{role}", StringComparison.Ordinal)
            .Replace("{quarantine}", quarantineId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var now = DateTimeOffset.UtcNow;
        object? body = template switch
        {
            "/api/v1/patients/{newPatient}" => new { centerId = center, trialId = "CART-SLE-01", infusionAt = now.AddDays(-1), ageYears = 40, indication = "SLE" },
            "/api/v1/observations" => new { observations = new[] { new { id = $"az-{role}-{center}-{Guid.NewGuid():N}", patientId = patient, code = "8867-4", value = 90, unit = "/min", effectiveAt = now.AddMinutes(-5) } } },
            "/api/v1/patients/{patient}/death" => new { diedAt = now.AddMinutes(-1), cause = "test" },
            "/api/v1/alerts/{alert}/resolve" => new { actionable = true },
            "/api/v1/centers/{center}/on-call" => new { shifts = Array.Empty<object>() },
            "/api/v1/centers/{center}/webhook" when method == "PUT" => new { url = "https://pager.example/az" },
            "/api/v1/quarantine/{quarantine}/discard" => new { note = "authorization test" },
            "/api/v1/quarantine/{quarantine}/release" => new { note = "authorization test" },
            _ => null,
        };
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
