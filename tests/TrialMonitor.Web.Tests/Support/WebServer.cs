using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TrialMonitor.Server.Security;

namespace TrialMonitor.Web.Tests.Support;

/// <summary>
/// The real server (silo, API, hub, pages) on Kestrel at a loopback port a browser can reach, on SQLite in a temporary
/// directory. <see cref="RestartAsync"/> stops it and starts it again on the same port and the same data.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    private readonly string _clusterId = "web-tests-" + Guid.NewGuid().ToString("N");
    private readonly string _environment;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private Factory? _factory;

    private WebServer(string environment, IReadOnlyDictionary<string, string>? settings)
    {
        _environment = environment;
        _settings = settings ?? new Dictionary<string, string>();
        Port = FreePort();
        DataDirectory = Path.Combine(Path.GetTempPath(), "trialmonitor-web-tests", Guid.NewGuid().ToString("N"));
    }

    public int Port { get; }

    public string DataDirectory { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public static async Task<WebServer> StartAsync(string environment = "Development", IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = new WebServer(environment, settings);
        await server.StartAsync();
        return server;
    }

    public async Task StopAsync()
    {
        if (_factory is null) return;
        var factory = _factory;
        _factory = null;
        try
        {
            await factory.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out while the silo was still stopping gracefully (an open page keeps its
            // hub connection until the server closes it). The server is stopped all the same, as after a crash: what
            // was acknowledged is durable, and the restart tests are about what a page sees after it.
        }
    }

    /// <summary>Stops the server and starts a new one on the same port and data directory.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public async Task StartAsync()
    {
        _factory = new Factory(this);
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
        _factory.StartServer();
        // Ready means the silo and the storage answer, not just that Kestrel listens.
        using var client = new HttpClient { BaseAddress = BaseAddress };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (attempt < 100)
            {
            }

            if (attempt >= 100) throw new InvalidOperationException($"the server on port {Port} did not become ready");
            await Task.Delay(100);
        }
    }

    /// <summary>A client of the real server carrying <paramref name="token"/>.</summary>
    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string TokenFor(string user, IEnumerable<string> roles, IEnumerable<string> centers) =>
        DevelopmentTokens.Create(new AuthOptions(), user, roles, centers, TimeSpan.FromHours(2), DateTimeOffset.UtcNow);

    /// <summary>Every role at every center: for setting up data, never for what a test is about.</summary>
    public static string EverythingToken { get; } = TokenFor("web-test-setup", TrialMonitorRoles.All, [TrialMonitorRoles.AllCenters]);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the directory is under the temporary folder.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Factory(WebServer server) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Storage:Provider", "Sqlite");
            builder.UseSetting("Storage:DataDirectory", server.DataDirectory);
            builder.UseSetting("Orleans:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Orleans:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Orleans:ClusterId", server._clusterId);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Monitoring:VitalSignsCheckInterval", "01:00:00");
            foreach (var (key, value) in server._settings) builder.UseSetting(key, value);
            builder.UseEnvironment(server._environment);
        }
    }
}
