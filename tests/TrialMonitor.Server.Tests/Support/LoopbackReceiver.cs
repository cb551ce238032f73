using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TrialMonitor.Server.Tests.Support;

/// <summary>A hospital paging system on a loopback port: Kestrel, answering every POST with <see cref="Answer"/>.</summary>
public sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private LoopbackReceiver(WebApplication app) => _app = app;

    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    public string Url => _app.Urls.First();

    public int Count { get; private set; }

    public static async Task<LoopbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new LoopbackReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            receiver._received.Enqueue(new Received(
                context.Request.Path, context.Request.Headers["X-TrialMonitor-Notification"].ToString(),
                context.Request.Headers["X-TrialMonitor-Signature"].ToString(), buffer.ToArray()));
            receiver.Count++;
            receiver._arrived.Release();
            return Results.StatusCode((int)receiver.Answer);
        });
        await app.StartAsync();
        return receiver;
    }

    public async Task<Received> NextAsync()
    {
        Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(15)), "no POST reached the receiver within 15 s");
        Assert.True(_received.TryDequeue(out var received));
        return received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}

public sealed record Received(string Path, string NotificationId, string Signature, byte[] Body);
