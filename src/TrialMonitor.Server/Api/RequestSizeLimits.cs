using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using TrialMonitor.Server.Hosting;

namespace TrialMonitor.Server.Api;

/// <summary>
/// Request body limits. Kestrel enforces <c>Api:MaxRequestBodyBytes</c> for every request and, through the routing
/// middleware, the <see cref="IRequestSizeLimitMetadata"/> of an endpoint; this middleware enforces the same limits
/// wherever the server runs (the in-process test server has no Kestrel limits), answering 413 with problem details
/// as soon as a declared Content-Length is too large and, for a body without one, when reading goes past the limit.
/// </summary>
internal static class RequestSizeLimits
{
    /// <summary>Enrolment, alert transitions, webhook settings, death reports and the bodiless POSTs.</summary>
    public const long SmallBodyBytes = 64 * 1024;

    /// <summary>An on-call schedule may hold 5,000 shifts of about 200 bytes each.</summary>
    public const long OnCallBodyBytes = 2 * 1024 * 1024;

    public static TBuilder WithSmallBody<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(SmallBodyBytes));

    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(bytes));

    /// <summary>The limit for this request: the endpoint's own, else the server's.</summary>
    public static long? Of(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } endpoint) return endpoint.MaxRequestBodySize;
        return context.RequestServices.GetRequiredService<ApiLimitsOptions>().MaxRequestBodyBytes;
    }

    public static IApplicationBuilder UseRequestSizeLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = Of(context);
        if (limit is not { } bytes)
        {
            await next(context);
            return;
        }

        if (context.Request.ContentLength > bytes)
        {
            await WriteTooLargeAsync(context, bytes);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = bytes;
        context.Request.Body = new LimitedStream(context.Request.Body, bytes);
        await next(context);
    });

    private static async Task WriteTooLargeAsync(HttpContext context, long bytes)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status413PayloadTooLarge, Title = "The request is too large", Detail = Problems.TooLargeDetail(bytes) },
        });
    }

    /// <summary>A read-only view of the body that fails, as Kestrel does, once more than the limit has been read.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit) throw new BadHttpRequestException(Problems.TooLargeDetail(limit), StatusCodes.Status413PayloadTooLarge);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
