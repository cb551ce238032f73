using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using TrialMonitor.Persistence;

namespace TrialMonitor.Server.Hosting;

/// <summary>
/// Records every state-changing request (POST, PUT, PATCH, DELETE under <c>/api/</c>) in the tamper-evident
/// <see cref="IAuditLog"/> once it has been processed: who (<c>User.Identity.Name</c>, role claims), when, the action
/// as <c>{METHOD} {route pattern}</c>, the target as the route values (<c>alertId=FR-BDX~ab12</c>), and after = the
/// status code with the response body when it is JSON of at most 64 KiB (otherwise a summary). The request body is
/// never recorded: what an ingest did (accepted, duplicates, each rejection with its index, id and error) is in its
/// 202 response, and patient values are not.
/// <para>
/// Before: an endpoint that changes state may put the state it is about to change in
/// <c>HttpContext.Items["audit.before"]</c> (any object; serialised with the API's JSON options): enrolment,
/// acknowledge/resolve (the alert), on-call (the schedule), webhook (the settings, secret redacted), SAE clocks (the
/// draft) do.
/// </para>
/// <para>
/// Trade-off: the audit row is appended after the endpoint has run and its response has been written (the client
/// may already have it), so a failed append cannot undo the action or turn the response into an error. It is logged
/// as an error — with the route pattern only, never a route value or body, so no patient id reaches the log — and
/// the chain simply lacks that action. Auditing before responding would make every request wait for, and fail with,
/// the audit store; this service prefers that clinical data keeps flowing.
/// </para>
/// </summary>
public sealed partial class AuditMiddleware(RequestDelegate next, IAuditLog audit, IOptions<JsonOptions> jsonOptions, TimeProvider clock, ILogger<AuditMiddleware> logger)
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which an endpoint may leave the state before its change.</summary>
    public const string BeforeItem = "audit.before";

    /// <summary>The largest response body kept in an audit row.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsAudited(context.Request))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        await using var capture = new CapturingStream(original, MaxBodyBytes);
        context.Response.Body = capture;
        string? failure = null;
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            failure = exception.GetType().Name;
            throw;
        }
        finally
        {
            context.Response.Body = original;
            await AppendAsync(context, capture, failure);
        }
    }

    private static bool IsAudited(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method));

    private async Task AppendAsync(HttpContext context, CapturingStream capture, string? failure)
    {
        var endpoint = context.GetEndpoint() as RouteEndpoint;
        var route = endpoint?.RoutePattern.RawText ?? "(no route)";
        var action = $"{context.Request.Method} {route}";
        try
        {
            var identity = context.User.Identity;
            var roles = string.Join(",", context.User.Identities.SelectMany(i => i.FindAll(i.RoleClaimType)).Select(c => c.Value).Distinct(StringComparer.Ordinal));
            var target = endpoint is null
                ? ""
                : string.Join("&", context.Request.RouteValues.Select(v => $"{v.Key}={Convert.ToString(v.Value, CultureInfo.InvariantCulture)}"));
            var before = context.Items.TryGetValue(BeforeItem, out var state) && state is not null
                ? JsonSerializer.Serialize(state, state.GetType(), jsonOptions.Value.SerializerOptions)
                : null;
            var entry = new AuditEntry(clock.GetUtcNow(), identity?.Name ?? "unauthenticated", roles, action, target, before, After(context.Response, capture, failure));
            // Not the request's token: a client that hangs up does not take the audit row with it.
            await audit.AppendAsync(entry, CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogAppendFailed(logger, route, context.Request.Method, exception);
        }
    }

    /// <summary><c>{"status":202,"body":{...}}</c>, or <c>{"status":...,"summary":"..."}</c> when the body is not kept.</summary>
    private static string After(HttpResponse response, CapturingStream capture, string? failure)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("status", failure is null ? response.StatusCode : StatusCodes.Status500InternalServerError);
            if (failure is not null)
            {
                writer.WriteString("summary", $"unhandled {failure}");
            }
            else if (capture.Length == 0)
            {
                writer.WriteString("summary", "no body");
            }
            else if (!IsJson(response.ContentType))
            {
                writer.WriteString("summary", $"{response.ContentType ?? "no content type"}, {capture.Length} bytes");
            }
            else if (capture.Overflowed)
            {
                writer.WriteString("summary", $"{response.ContentType}, {capture.Length} bytes: larger than {MaxBodyBytes / 1024} KiB, not kept");
            }
            else if (!IsValidJson(capture.Captured))
            {
                writer.WriteString("summary", $"{response.ContentType}, {capture.Length} bytes: not valid JSON");
            }
            else
            {
                writer.WritePropertyName("body");
                writer.WriteRawValue(capture.Captured.Span, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static bool IsValidJson(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit log could not record {Method} {Route}; the request was processed and the chain lacks this action")]
    private static partial void LogAppendFailed(ILogger logger, string route, string method, Exception exception);

    /// <summary>Passes every write through to the client at once and keeps a copy of the first bytes.</summary>
    private sealed class CapturingStream(Stream inner, int limit) : Stream
    {
        private readonly MemoryStream _copy = new();

        /// <summary>Bytes written in all.</summary>
        public override long Length => _length;

        private long _length;

        public bool Overflowed => _length > limit;

        public ReadOnlyMemory<byte> Captured => _copy.GetBuffer().AsMemory(0, (int)_copy.Length);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Keep(buffer);
            inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            // The client's stream belongs to the server; only the copy is ours.
            if (disposing) _copy.Dispose();
            base.Dispose(disposing);
        }

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            _length += bytes.Length;
            var room = limit + 1 - (int)_copy.Length;
            if (room > 0) _copy.Write(bytes[..Math.Min(room, bytes.Length)]);
        }
    }
}
