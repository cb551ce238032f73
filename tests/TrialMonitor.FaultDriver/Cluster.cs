using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TrialMonitor.FaultDriver;

/// <summary>One HTTP request as a sender saw it: when, how long, and how it ended (0 = connection failure, -1 = timeout).</summary>
public readonly record struct RequestRecord(DateTimeOffset StartedAt, double Milliseconds, int Status, bool HadRetryAfter);

/// <summary>
/// The servers of the cluster as a client sees them: a client per server, and the sender's rule for a batch that did
/// not get its 202 — on a connection failure, a timeout or a 503 the same batch goes to the next server (observation
/// ids are idempotency keys, so what was already stored comes back as duplicates); on a 429 it waits Retry-After.
/// </summary>
public sealed class Cluster : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient[] _clients;

    public Cluster(IReadOnlyList<Uri> servers, string token, TimeSpan requestTimeout)
    {
        Servers = servers;
        _clients = servers.Select(url =>
        {
            var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
            var client = new HttpClient(handler) { BaseAddress = url, Timeout = requestTimeout };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }).ToArray();
    }

    public IReadOnlyList<Uri> Servers { get; }

    /// <summary>Every observation id a 202 acknowledged (not rejected), with the observation.</summary>
    public ConcurrentDictionary<string, Obs> Acknowledged { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<RequestRecord> Requests { get; } = new();

    private long _rejected;
    private long _duplicates;
    private long _gaveUp;
    private long _failovers;

    public long Rejected => Interlocked.Read(ref _rejected);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long GaveUp => Interlocked.Read(ref _gaveUp);
    public long Failovers => Interlocked.Read(ref _failovers);

    /// <summary>Posts one batch until a server acknowledges it; returns the server to use next.</summary>
    public async Task<int> PostBatchAsync(IReadOnlyList<Obs> batch, int server, TimeSpan giveUpAfter, CancellationToken cancellationToken)
    {
        var body = Wire.ObservationsBody(batch);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < giveUpAfter)
        {
            var (status, retryAfter, text) = await SendAsync(server, HttpMethod.Post, "api/v1/observations", body, cancellationToken);
            if (status == (int)HttpStatusCode.Accepted && text is not null)
            {
                Acknowledge(batch, text);
                return server;
            }

            if (status == (int)HttpStatusCode.TooManyRequests)
            {
                await Task.Delay(retryAfter ?? TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }

            // Gone, unavailable or failing: the same batch to the next server.
            server = (server + 1) % _clients.Length;
            Interlocked.Increment(ref _failovers);
            var wait = retryAfter is { } after ? TimeSpan.FromMilliseconds(Math.Min(after.TotalMilliseconds, 2000)) : TimeSpan.FromMilliseconds(200);
            await Task.Delay(wait, cancellationToken);
        }

        Interlocked.Increment(ref _gaveUp);
        return server;
    }

    /// <summary>A PUT or GET answered 2xx by some server within <paramref name="giveUpAfter"/>, else null.</summary>
    public async Task<string?> RequestUntilAnsweredAsync(HttpMethod method, string path, byte[]? body, TimeSpan giveUpAfter, CancellationToken cancellationToken, int server = 0)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < giveUpAfter)
        {
            var (status, retryAfter, text) = await SendAsync(server, method, path, body, cancellationToken, record: false);
            if (status is >= 200 and < 300) return text ?? "";
            if (status is >= 400 and < 500 and not 408 and not 429)
                throw new InvalidOperationException($"{method} {path}: {status} {text}");
            server = (server + 1) % _clients.Length;
            await Task.Delay(retryAfter is { } after ? TimeSpan.FromMilliseconds(Math.Min(after.TotalMilliseconds, 2000)) : TimeSpan.FromMilliseconds(300), cancellationToken);
        }

        return null;
    }

    private async Task<(int Status, TimeSpan? RetryAfter, string? Text)> SendAsync(int server, HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken, bool record = true)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        int status;
        TimeSpan? retryAfter = null;
        string? text = null;
        try
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = Json;
            }

            using var response = await _clients[server].SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            retryAfter = response.Headers.RetryAfter?.Delta;
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            status = 0;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            status = -1;
        }

        if (record) Requests.Enqueue(new RequestRecord(startedAt, clock.Elapsed.TotalMilliseconds, status, retryAfter is not null));
        return (status, retryAfter, text);
    }

    private void Acknowledge(IReadOnlyList<Obs> batch, string responseText)
    {
        using var document = JsonDocument.Parse(responseText);
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in document.RootElement.GetProperty("rejected").EnumerateArray())
            if (item.TryGetProperty("id", out var id) && id.GetString() is { } value) rejected.Add(value);
        Interlocked.Add(ref _rejected, rejected.Count);
        Interlocked.Add(ref _duplicates, document.RootElement.GetProperty("duplicates").GetInt32());
        foreach (var o in batch)
            if (!rejected.Contains(o.Id)) Acknowledged[o.Id] = o;
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
    }
}
