using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using TrialMonitor.Server.Api;

namespace TrialMonitor.Server.Hosting;

/// <summary>Request limits of the API ("Api" section); see the server README, "Hardened input".</summary>
public sealed class ApiLimitsOptions
{
    public const string Section = "Api";

    /// <summary>
    /// The largest request body, in bytes, for any endpoint without a smaller limit of its own. Measured: 10,000
    /// observations as the simulator writes them (simulator-style ids, 5-character patient ids, numeric values,
    /// times with offset; <c>HardenedInputTests.A_full_batch_fits_the_default_limit_with_headroom</c>) are about
    /// 1,392,518 bytes (1.4 MB); the default, 3 MiB (3,145,728 bytes), leaves about 2.3x headroom for longer ids,
    /// text values and indentation.
    /// </summary>
    public long? MaxRequestBodyBytes { get; set; } = 3 * 1024 * 1024;

    public RateLimitOptions RateLimit { get; set; } = new();

    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    /// <summary>The Retry-After, in seconds, of a 503: storage or a silo briefly gone, or ingest at capacity.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// Observation request bodies, in bytes, being handled at once across the server (declared Content-Length; a
    /// body without one counts as the largest allowed). Beyond it, ingest answers 503 with Retry-After before
    /// reading the body, so memory stays bounded under overload instead of queueing without end. The default, 64 MiB,
    /// is about 460,000 observations in flight (140 bytes each as the simulator writes them) — some 20 s of the
    /// measured durable ingest rate — and a single request is always admitted when nothing else is in flight.
    /// </summary>
    public long IngestBytesInFlight { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// The reverse proxies or load balancers in front of the server. Only when one is named does the server believe
    /// X-Forwarded-For and X-Forwarded-Proto, and only from those addresses: otherwise any client could choose its own
    /// address, and with it its own rate-limit bucket. Without it, every unauthenticated client behind a proxy shares
    /// the proxy's bucket (authenticated ones are told apart by their token either way).
    /// </summary>
    public sealed class ForwardedHeadersSettings
    {
        /// <summary>Proxy addresses, e.g. "10.0.0.5".</summary>
        public string[] KnownProxies { get; set; } = [];

        /// <summary>Proxy networks in CIDR form, e.g. "10.0.0.0/8".</summary>
        public string[] KnownNetworks { get; set; } = [];

        /// <summary>How many proxies deep the chain of X-Forwarded-For entries is trusted.</summary>
        public int ForwardLimit { get; set; } = 1;

        public bool Enabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
    }

    public sealed class RateLimitOptions
    {
        public bool Enabled { get; set; } = true;

        /// <summary>
        /// Requests per second per client identity (the authenticated user, else the remote address). Generous on
        /// purpose: the ingest bench posts 1,000-observation batches from 4 senders (about 20 requests/s at 20,000
        /// observations/s) and enrols with 32 requests in flight (measured 176 enrolments/s); the simulator enrols one
        /// patient at a time. The limit is there to stop a runaway or hostile client, not to pace a real one.
        /// </summary>
        public double PermitsPerSecond { get; set; } = 1_000;

        /// <summary>Requests a client may send at once before the per-second rate applies (the token bucket's size).</summary>
        public int Burst { get; set; } = 2_000;
    }
}

/// <summary>Request size limits, strict error answers and per-client rate limiting (issue "Security … Hardened input").</summary>
internal static class InputHardening
{
    public const string Anonymous = "anonymous";

    public static void AddInputHardening(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ApiLimitsOptions.Section).Get<ApiLimitsOptions>() ?? new ApiLimitsOptions();
        if (options.RateLimit.PermitsPerSecond <= 0 || options.RateLimit.Burst < 1)
            throw new InvalidOperationException("Api:RateLimit:PermitsPerSecond must be positive and Api:RateLimit:Burst at least 1");
        if (options.RetryAfterSeconds < 1) throw new InvalidOperationException("Api:RetryAfterSeconds must be at least 1");
        if (options.IngestBytesInFlight < 1) throw new InvalidOperationException("Api:IngestBytesInFlight must be positive");
        builder.Services.AddSingleton(new IngestAdmission(options.IngestBytesInFlight));
        builder.Services.AddSingleton(options);
        ConfigureForwardedHeaders(builder.Services, options.ForwardedHeaders);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);

        // An unexpected exception is a 500 with a trace id and nothing else: no message, type or stack, in any
        // environment. A request the server could not read (Kestrel's own limits) keeps its 4xx.
        builder.Services.Configure<ExceptionHandlerOptions>(o => o.StatusCodeSelector = exception =>
            exception is BadHttpRequestException bad ? bad.StatusCode
            : Unavailability.IsTransient(exception) ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status500InternalServerError);
        builder.Services.Configure<ProblemDetailsOptions>(o => o.CustomizeProblemDetails = context =>
        {
            // Our own problems (a 503 at capacity included) keep their words; only exceptions' answers are rewritten.
            if (context.Exception is null && context.ProblemDetails.Status is not >= 500 or StatusCodes.Status503ServiceUnavailable) return;
            var status = context.ProblemDetails.Status ?? StatusCodes.Status500InternalServerError;
            var traceId = context.ProblemDetails.Extensions.TryGetValue("traceId", out var id) ? id : context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Extensions.Clear();
            context.ProblemDetails.Extensions["traceId"] = traceId;
            context.ProblemDetails.Type = null;
            context.ProblemDetails.Instance = null;
            if (context.Exception is BadHttpRequestException && status < 500)
            {
                context.ProblemDetails.Title = status == StatusCodes.Status413PayloadTooLarge ? "The request is too large" : "The request is not valid";
                context.ProblemDetails.Detail = status == StatusCodes.Status413PayloadTooLarge ? Problems.TooLargeDetail(RequestSizeLimits.Of(context.HttpContext)) : "the body could not be read";
                return;
            }

            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                context.HttpContext.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                context.ProblemDetails.Title = "Temporarily unavailable";
                context.ProblemDetails.Detail = $"storage or a cluster member is briefly unavailable; retry after {options.RetryAfterSeconds} s. " +
                    "Part of the request may already be stored: resend it unchanged, and ids already stored count as duplicates";
                return;
            }

            context.ProblemDetails.Title = "An unexpected error occurred";
            context.ProblemDetails.Detail = "the error is logged with the trace id; the request may be retried";
        });

        var rate = options.RateLimit;
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                !rate.Enabled || !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetTokenBucketLimiter(ClientIdentity(context), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = rate.Burst,
                        TokensPerPeriod = Math.Max(1, (int)Math.Ceiling(rate.PermitsPerSecond / 10)),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, (int)Math.Ceiling(rate.PermitsPerSecond / 10)) / rate.PermitsPerSecond),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 1;
                var response = rejected.HttpContext.Response;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"the body was not read: this client sent more than {rate.PermitsPerSecond:0.##} requests/s (bursts of up to {rate.Burst:N0}); retry after {seconds} s",
                    },
                });
            };
        });
    }

    private static void ConfigureForwardedHeaders(IServiceCollection services, ApiLimitsOptions.ForwardedHeadersSettings settings)
    {
        if (!settings.Enabled) return;
        var proxies = settings.KnownProxies.Select((text, i) => IPAddress.TryParse(text, out var address)
            ? address
            : throw new InvalidOperationException($"Api:ForwardedHeaders:KnownProxies:{i}: '{text}' is not an IP address")).ToArray();
        var networks = settings.KnownNetworks.Select((text, i) => System.Net.IPNetwork.TryParse(text, out var network)
            ? network
            : throw new InvalidOperationException($"Api:ForwardedHeaders:KnownNetworks:{i}: '{text}' is not a network in CIDR form (10.0.0.0/8)")).ToArray();
        if (settings.ForwardLimit < 1) throw new InvalidOperationException("Api:ForwardedHeaders:ForwardLimit must be at least 1");
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = settings.ForwardLimit;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
        });
    }

    /// <summary>First in the pipeline: the client's address from a known proxy's headers, for the rate limit and the logs.</summary>
    public static void UseForwardedClientAddress(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ApiLimitsOptions>().ForwardedHeaders.Enabled) app.UseForwardedHeaders();
    }

    public static void UseInputHardening(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseRequestSizeLimits();
    }

    /// <summary>
    /// Who a request comes from, for its rate limit: the authenticated user, else the remote address, else one shared
    /// "anonymous" client (an in-process test server has no remote address). Never anything from the body or path.
    /// </summary>
    internal static string ClientIdentity(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? "user:" + name
        : context.Connection.RemoteIpAddress is { } address ? "ip:" + address
        : Anonymous;
}
