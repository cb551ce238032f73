using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace TrialMonitor.Ingest.Bench;

/// <summary>Many dashboards at once: SignalR connections (JSON protocol), each joined to one center's live alerts.</summary>
public sealed class HubCrowd(Uri serverUrl, IReadOnlyList<string> centers) : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];

    public int Connected => _connections.Count;

    public async Task ConnectAsync(int count, CancellationToken cancellationToken)
    {
        var token = Environment.GetEnvironmentVariable("TRIALMONITOR_TOKEN");
        using var gate = new SemaphoreSlim(32);
        var opening = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var connection = new HubConnectionBuilder().WithUrl(new Uri(serverUrl, "hubs/monitoring"), o =>
                {
                    if (!string.IsNullOrEmpty(token)) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }).Build();
                connection.On<JsonElement>("alert", _ => { });
                await connection.StartAsync(cancellationToken).ConfigureAwait(false);
                await connection.InvokeAsync<JsonElement[]>("JoinCenter", centers[i % centers.Count], long.MaxValue - 1, cancellationToken).ConfigureAwait(false);
                lock (_connections) _connections.Add(connection);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(opening).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync().ConfigureAwait(false);
        _connections.Clear();
    }
}
