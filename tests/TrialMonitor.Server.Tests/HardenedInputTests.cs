using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TrialMonitor.Persistence;
using TrialMonitor.Server.Hosting;
using TrialMonitor.Server.Security;
using TrialMonitor.Server.Tests.Support;
using TrialMonitor.Simulation.Api;
using Xunit.Abstractions;

namespace TrialMonitor.Server.Tests;

/// <summary>Hardened input (issue "Security"): size limits, strict JSON, generic 500s, per-client rate limits.</summary>
[Collection(SqliteServerGroup.Name)]
public sealed class HardenedInputTests(SqliteServerFixture server, ITestOutputHelper output)
{
    private static readonly DateTimeOffset InfusionAt = DateTimeOffset.UtcNow.AddDays(-3);

    private HttpClient Client => server.Client;

    [Fact]
    public void A_full_batch_fits_the_default_limit_with_headroom()
    {
        // 10,000 observations as the simulator writes them: its ids, its JSON options, a mix of value kinds.
        var start = new DateTimeOffset(2026, 3, 3, 14, 5, 0, TimeSpan.FromHours(1));
        var batch = Enumerable.Range(0, 10_000).Select(i => new WireObservation(
            $"sim-CTR-{i % 12:D2}-PAT-{i % 500:D4}-{i + 1:D5}", $"P{i % 500:D4}", (i % 4) switch { 0 => "8310-5", 1 => "8867-4", 2 => "59408-5", _ => "9279-1" },
            WireValue.Of(36.6m + (i % 30) / 10m), (i % 4) switch { 0 => "Cel", 1 => "/min", 2 => "%", _ => "/min" }, start.AddMinutes(i))).ToList();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new ObservationBatchRequest(batch), ApiJson.Options).Length;
        var limit = new ApiLimitsOptions().MaxRequestBodyBytes!.Value;
        output.WriteLine($"10,000 observations: {bytes:N0} bytes; default limit {limit:N0} bytes ({(double)limit / bytes:F1}x)");

        Assert.True(limit >= 2 * bytes, $"the default limit {limit:N0} leaves less than 2x headroom over {bytes:N0}");
    }

    [Fact]
    public async Task A_small_endpoint_answers_413_naming_the_limit_with_or_without_a_content_length()
    {
        var big = "{\"centerId\":\"C\",\"indication\":\"" + new string('x', 70_000) + "\"}";
        using var declared = await Client.PutAsync(new Uri("/api/v1/patients/HARD-413", UriKind.Relative), new StringContent(big, Encoding.UTF8, "application/json"));
        using var streamed = await Client.PutAsync(new Uri("/api/v1/patients/HARD-413", UriKind.Relative), Unsized(big));

        foreach (var response in new[] { declared, streamed })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.StartsWith("the body is larger than the limit of 65,536 bytes", (string)problem!["detail"]!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_observation_limit_is_configurable_and_a_larger_batch_is_a_413()
    {
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        factory.Settings["Api:MaxRequestBodyBytes"] = "2000";
        using var client = factory.CreateClient();
        var items = Enumerable.Range(0, 30).Select(i => (JsonNode)TrialMonitorApi.Observation($"lim-{i}", "HARD-1", "8867-4", 80m, "/min", InfusionAt));
        var body = new JsonObject { ["observations"] = new JsonArray([.. items]) }.ToJsonString();

        using var response = await client.PostAsync(new Uri("/api/v1/observations", UriKind.Relative), Unsized(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("2,000 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"centerId\":\"C\",\"centerId\":\"D\",\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\"}", "centerId:")]
    [InlineData("{\"centerId\":\"C\",\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\"} {}", "the body")]
    [InlineData("{\"centerId\":\"C\",\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\"}garbage", "the body")]
    [InlineData("\"C\"", "the body")]
    [InlineData("", "the body")]
    [InlineData("{\"centerId\":\"C\",\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\",\"x\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}", "the body")]
    [InlineData("{\"centerId\":5,\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\"}", "centerId:")]
    [InlineData("{\"centerId\":\"C\",\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\",\"indication\":\"SLE\\u0000\"}", "indication:")]
    [InlineData("{\"centerId\":\"C\",\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\",\"indication\":\"\\ud800\"}", "indication:")]
    [InlineData("{\"centerId\":\"C\",\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\",\"ageYears\":1e400}", "ageYears:")]
    [InlineData("{\"centerId\":\"C\",\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\",\"ageYears\":\"NaN\"}", "ageYears:")]
    public async Task Strict_json_a_bad_body_is_a_400_naming_the_field_or_the_body(string body, string detailStart)
    {
        using var response = await Client.PutAsync(new Uri("/api/v1/patients/HARD-JSON", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var detail = (string)JsonNode.Parse(text)!["detail"]!;
        output.WriteLine(detail);
        Assert.StartsWith(detailStart, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", detail, StringComparison.Ordinal);
    }

    private const string EnrolmentStart = "{\"centerId\":\"C\",\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\",";

    /// <summary>Bodies the strict reader checks byte by byte: raw invalid UTF-8, and names that differ only by escapes.</summary>
    public static TheoryData<byte[], string> RawBodies => new()
    {
        { [.. Encoding.UTF8.GetBytes(EnrolmentStart + "\"indication\":\"SLE"), 0xC3, 0x28, .. "\"}"u8], "indication: is not valid Unicode text" },
        { [.. Encoding.UTF8.GetBytes(EnrolmentStart + "\"x"), 0xFF, .. "\":1}"u8], "the body: a property name is not valid Unicode text" },
        { Encoding.UTF8.GetBytes(EnrolmentStart + "\"x\\u0000\":1}"), "the body: a property name contains the NUL character" },
        { Encoding.UTF8.GetBytes(EnrolmentStart + "\"cent\\u0065rId\":\"D\"}"), "centerId: appears more than once" },
    };

    [Theory]
    [MemberData(nameof(RawBodies))]
    public async Task Strict_json_checks_the_raw_text_of_names_and_strings(byte[] body, string detailStart)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await Client.PutAsync(new Uri("/api/v1/patients/HARD-RAW", UriKind.Relative), content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.StartsWith(detailStart, (string)JsonNode.Parse(text)!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escaped_text_that_decodes_cleanly_is_accepted()
    {
        var body = EnrolmentStart + "\"indication\":\"SLE\",\"product\":\"CAR-T \\u00e9tude \\ud83d\\ude00\"}";
        using var response = await Client.PutAsync(new Uri("/api/v1/patients/HARD-ESC", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
    }

    [Theory]
    [InlineData("{\"observations\":[{\"id\":\"a\",\"patientId\":\"P\",\"id\":\"b\"}]}", "observations[0].id:")]
    [InlineData("{\"observations\":[],\"observations\":[]}", "observations:")]
    [InlineData("{\"observations\":[{\"id\":\"a\",\"value\":{\"x\":1,\"x\":2}}]}", "observations[0].value.x:")]
    public async Task A_repeated_property_is_a_400_naming_its_path(string body, string detailStart)
    {
        using var response = await Client.PostAsync(new Uri("/api/v1/observations", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var detail = (string)JsonNode.Parse(text)!["detail"]!;
        Assert.StartsWith(detailStart, detail, StringComparison.Ordinal);
        Assert.Contains("more than once", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain", "Content-Type: the body must be application/json")]
    [InlineData("application/x-www-form-urlencoded", "Content-Type: the body must be application/json")]
    [InlineData("application/json; charset=utf-16", "Content-Type: the charset must be utf-8")]
    [InlineData(null, "Content-Type: missing")]
    public async Task A_body_not_declared_as_utf8_json_is_a_415_naming_content_type(string? contentType, string detailStart)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"centerId\":\"C\",\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\"}"));
        content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await Client.PutAsync(new Uri("/api/v1/patients/HARD-CT", UriKind.Relative), content);
        using var status = await Client.GetAsync(new Uri("/api/v1/patients/HARD-CT/status", UriKind.Relative));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{(int)response.StatusCode}: {text}");
        Assert.StartsWith(detailStart, (string)JsonNode.Parse(text)!["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Theory]
    [InlineData("application/json", 1)]
    [InlineData("application/json; charset=utf-8", 2)]
    [InlineData("application/json; charset=\"UTF-8\"", 3)]
    [InlineData("application/merge-patch+json", 4)]
    public async Task Json_in_utf8_under_any_json_media_type_is_read(string contentType, int patient)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"centerId\":\"C\",\"trialId\":\"T\",\"infusionAt\":\"2026-03-02T08:00:00Z\"}"));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await Client.PutAsync(new Uri($"/api/v1/patients/HARD-CT-{patient}", UriKind.Relative), content);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Invalid_utf8_in_a_string_is_a_400()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"observations\":[{\"id\":\"x\",\"patientId\":\"P\",\"code\":\"\"}]}").ToList();
        bytes.InsertRange(bytes.IndexOf((byte)'x'), new byte[] { 0xC3, 0x28, 0xFF });
        using var content = new ByteArrayContent([.. bytes]);
        content.Headers.ContentType = new("application/json");

        using var response = await Client.PostAsync(new Uri("/api/v1/observations", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_internal_failure_is_a_generic_500_without_exception_text()
    {
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        await using var failing = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(IObservationLog));
            services.Remove(real);
            services.AddSingleton<IObservationLog>(sp => new FailingQuarantine((IObservationLog)real.ImplementationFactory!(sp)));
        }));
        using var client = failing.CreateClient();
        var body = new JsonObject { ["observations"] = new JsonArray(new JsonObject { ["id"] = "bad-1", ["patientId"] = "NOBODY", ["code"] = 7 }) };

        using var response = await client.PostAsync(new Uri("/api/v1/observations", UriKind.Relative), JsonContent.Create(body));

        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine(text);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("An unexpected error occurred", (string)problem["title"]!);
        Assert.NotNull(problem["traceId"]);
        foreach (var secret in new[] { FailingQuarantine.Secret, "InvalidOperationException", "Exception", "FailingQuarantine", "TrialMonitor.", " at ", "stack" })
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_request_after_the_burst_is_a_429_with_retry_after_per_client_identity()
    {
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        factory.Settings["Api:RateLimit:PermitsPerSecond"] = "0.1";
        factory.Settings["Api:RateLimit:Burst"] = "3";
        // Two callers, told apart by their bearer tokens' names.
        using var alice = factory.CreateClient(TrialMonitorFactory.TokenFor("alice", [TrialMonitorRoles.Clinician], [TrialMonitorRoles.AllCenters]));
        using var bob = factory.CreateClient(TrialMonitorFactory.TokenFor("bob", [TrialMonitorRoles.Clinician], [TrialMonitorRoles.AllCenters]));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await alice.GetAsync(new Uri("/api/v1/patients/RATE-1/status", UriKind.Relative));
            statuses.Add(allowed.StatusCode);
        }

        using var limited = await alice.GetAsync(new Uri("/api/v1/patients/RATE-1/status", UriKind.Relative));
        using var other = await bob.GetAsync(new Uri("/api/v1/patients/RATE-1/status", UriKind.Relative));
        using var health = await alice.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NotFound, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"Retry-After: {limited.Headers.RetryAfter}");
        Assert.Contains("retry after", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Behind_a_known_proxy_unauthenticated_clients_are_told_apart_by_x_forwarded_for()
    {
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        factory.Settings["Api:RateLimit:PermitsPerSecond"] = "0.1";
        factory.Settings["Api:RateLimit:Burst"] = "2";
        factory.Settings["Api:ForwardedHeaders:KnownProxies:0"] = "10.0.0.5";
        // Every request arrives from the proxy's address, as it would behind a load balancer.
        await using var proxied = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter>(new ArrivingFrom(IPAddress.Parse("10.0.0.5")))));
        using var anonymous = proxied.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;

        async Task<HttpStatusCode> FromAsync(string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/patients/RATE-1/status", UriKind.Relative));
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await anonymous.SendAsync(request);
            return response.StatusCode;
        }

        var first = new[] { await FromAsync("192.0.2.1"), await FromAsync("192.0.2.1"), await FromAsync("192.0.2.1") };
        var second = await FromAsync("192.0.2.2");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.Unauthorized, second);
    }

    [Fact]
    public async Task X_forwarded_for_from_an_unknown_address_is_not_believed()
    {
        await using var factory = new TrialMonitorFactory(StorageTarget.NewSqlite());
        factory.Settings["Api:RateLimit:PermitsPerSecond"] = "0.1";
        factory.Settings["Api:RateLimit:Burst"] = "2";
        factory.Settings["Api:ForwardedHeaders:KnownProxies:0"] = "10.0.0.5";
        await using var direct = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter>(new ArrivingFrom(IPAddress.Parse("198.51.100.7")))));
        using var anonymous = direct.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;

        var statuses = new List<HttpStatusCode>();
        foreach (var claimed in new[] { "192.0.2.1", "192.0.2.2", "192.0.2.3" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/patients/RATE-1/status", UriKind.Relative));
            request.Headers.Add("X-Forwarded-For", claimed);
            using var response = await anonymous.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    /// <summary>Gives every request the remote address it would have on a real connection (the test server sets none).</summary>
    private sealed class ArrivingFrom(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private static StreamContent Unsized(string text)
    {
        var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(text)));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    /// <summary>A body whose length the client cannot know, so that it is sent without a Content-Length.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private sealed class FailingQuarantine(IObservationLog inner) : IObservationLog
    {
        public const string Secret = "SECRET-internal-detail-/var/lib/trialmonitor";

        public Task<IReadOnlyList<long?>> AppendAsync(IReadOnlyList<LoggedObservation> rows, CancellationToken cancellationToken = default) => inner.AppendAsync(rows, cancellationToken);

        public Task<IReadOnlyList<LoggedObservation>> ReadPatientAsync(string patientId, CancellationToken cancellationToken = default) => inner.ReadPatientAsync(patientId, cancellationToken);

        public Task QuarantineAsync(IReadOnlyList<QuarantinedObservation> rows, CancellationToken cancellationToken = default) => throw new InvalidOperationException(Secret);

        public Task<long> CountQuarantinedAsync(CancellationToken cancellationToken = default) => inner.CountQuarantinedAsync(cancellationToken);
    }
}
