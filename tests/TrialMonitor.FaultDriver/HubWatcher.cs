using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace TrialMonitor.FaultDriver;

/// <summary>
/// A dashboard's SignalR client (JSON protocol) on one server, joined to every center of the phase. It keeps the
/// sequences it has seen per center; when its server dies it connects to the next one and calls
/// <c>JoinCenter(centerId, last contiguous sequence)</c> to replay what it missed (api.md "Live push"). Every two
/// seconds it also re-joins a center whose sequences it has seen with a hole, as a client that notices a gap would.
/// </summary>
public sealed class HubWatcher(IReadOnlyList<Uri> servers, int firstServer, string token, IReadOnlyList<string> centers) : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, HashSet<long>> _seen = centers.ToDictionary(c => c, _ => new HashSet<long>(), StringComparer.Ordinal);
    private readonly Dictionary<string, long> _contiguous = centers.ToDictionary(c => c, _ => 0L, StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private HubConnection? _connection;
    private int _server = firstServer;
    private Task? _repairLoop;

    public int FirstServer { get; } = firstServer;
    public int Reconnects { get; private set; }
    public int GapRepairs { get; private set; }
    public long Replayed { get; private set; }

    public async Task StartAsync()
    {
        await ConnectAsync();
        _repairLoop = RepairLoopAsync();
    }

    public IReadOnlySet<long> SeenAt(string center)
    {
        lock (_gate) return new HashSet<long>(_seen[center]);
    }

    private async Task ConnectAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(servers[_server], "hubs/monitoring"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            connection.On<JsonElement>("alert", alert => Record(alert, replayed: false));
            connection.Closed += _ => OnClosedAsync(connection);
            try
            {
                await connection.StartAsync(_stopping.Token);
                foreach (var center in centers) await JoinAsync(connection, center);
                _connection = connection;
                return;
            }
            catch (Exception) when (!_stopping.IsCancellationRequested)
            {
                // That server is gone, not ready, or cannot reach the center's grain yet: try the next one.
                _server = (_server + 1) % servers.Count;
                await connection.DisposeAsync();
                await Task.Delay(500);
            }
        }
    }

    /// <summary>Only the connection in use reconnects; a failed attempt's connection closing is not news.</summary>
    private async Task OnClosedAsync(HubConnection connection)
    {
        if (_stopping.IsCancellationRequested || !ReferenceEquals(connection, _connection)) return;
        _connection = null;
        _server = (_server + 1) % servers.Count;
        Reconnects++;
        await ConnectAsync();
    }

    /// <summary>
    /// Asks for every center's events after the last contiguous one seen, as a client does that suspects it missed
    /// some. The phase's check counts what was missing live before this and what is still missing after it.
    /// </summary>
    public async Task CatchUpAsync()
    {
        if (_connection is not { State: HubConnectionState.Connected } connection) return;
        foreach (var center in centers) await JoinAsync(connection, center);
    }

    private async Task JoinAsync(HubConnection connection, string center)
    {
        long after;
        lock (_gate) after = _contiguous[center];
        var events = await connection.InvokeAsync<JsonElement[]>("JoinCenter", center, after, _stopping.Token);
        foreach (var alert in events) Record(alert, replayed: true);
    }

    private void Record(JsonElement alert, bool replayed)
    {
        var center = alert.GetProperty("centerId").GetString()!;
        var sequence = alert.GetProperty("sequence").GetInt64();
        lock (_gate)
        {
            if (!_seen.TryGetValue(center, out var seen) || !seen.Add(sequence)) return;
            if (replayed) Replayed++;
            var contiguous = _contiguous[center];
            while (seen.Contains(contiguous + 1)) contiguous++;
            _contiguous[center] = contiguous;
        }
    }

    private async Task RepairLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                if (_connection is not { State: HubConnectionState.Connected } connection) continue;
                foreach (var center in centers)
                {
                    bool hole;
                    lock (_gate) hole = _seen[center].Count > 0 && _seen[center].Max() > _contiguous[center];
                    if (!hole) continue;
                    GapRepairs++;
                    try
                    {
                        await JoinAsync(connection, center);
                    }
                    catch (Exception) when (!_stopping.IsCancellationRequested)
                    {
                        // The connection is going away; Closed reconnects and replays.
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_repairLoop is not null) await _repairLoop;
        if (_connection is not null) await _connection.DisposeAsync();
        _stopping.Dispose();
    }
}
