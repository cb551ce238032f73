using System.Net;
using System.Text;

namespace TrialMonitor.Simulation.Tests.Support;

public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string Body, string? ContentType);

/// <summary>An HttpMessageHandler that answers from a script and records every request with its body.</summary>
public sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Queue<Func<RecordedRequest, HttpResponseMessage>> _script = new();
    private readonly Func<RecordedRequest, HttpResponseMessage>? _otherwise;

    public ScriptedHandler(Func<RecordedRequest, HttpResponseMessage>? otherwise = null)
    {
        _otherwise = otherwise;
    }

    public List<RecordedRequest> Requests { get; } = [];

    public ScriptedHandler Then(Func<RecordedRequest, HttpResponseMessage> answer)
    {
        _script.Enqueue(answer);
        return this;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, body, request.Content?.Headers.ContentType?.MediaType);
        lock (Requests) Requests.Add(recorded);
        var answer = _script.Count > 0 ? _script.Dequeue() : _otherwise ?? throw new InvalidOperationException($"no scripted answer left for {request.Method} {request.RequestUri}");
        return answer(recorded);
    }
}
