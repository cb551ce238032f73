using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using TrialMonitor.Server.Security;

namespace TrialMonitor.Server.Tests.Support;

/// <summary>
/// The real server (silo, API, hub) in-process on the given store. Two factories on the same store are the same
/// deployment restarted, or, alive at once on PostgreSQL, two silos of one cluster.
/// </summary>
public sealed class TrialMonitorFactory(StorageTarget storage) : WebApplicationFactory<Program>
{
    public StorageTarget Storage { get; } = storage;

    /// <summary>The hosting environment; Development accepts the development signing key.</summary>
    public string EnvironmentName { get; set; } = "Development";

    /// <summary>Further configuration for this deployment (key, value).</summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Provider", Storage.Provider.ToString());
        if (Storage.DataDirectory is { } directory) builder.UseSetting("Storage:DataDirectory", directory);
        if (Storage.ConnectionString is { } connectionString) builder.UseSetting("Storage:ConnectionString", connectionString);
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:ClusterId", Storage.ClusterId);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The wall-clock checks (missing vital signs, auto-resolution) run only in the tests that ask for them, so
        // that no other test sees an alert appear because a minute passed.
        builder.UseSetting("Monitoring:VitalSignsCheckInterval", "01:00:00");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.UseEnvironment(EnvironmentName);
    }

    /// <summary>The user of the tests that are not about access: every role at every center.</summary>
    public const string TestUser = "test-user";

    public static string TokenFor(string user, IEnumerable<string> roles, IEnumerable<string> centers) =>
        DevelopmentTokens.Create(new AuthOptions(), user, roles, centers, TimeSpan.FromHours(2), DateTimeOffset.UtcNow);

    public static string EverythingToken { get; } = TokenFor(TestUser, TrialMonitorRoles.All, [TrialMonitorRoles.AllCenters]);

    /// <summary>Clients of <see cref="WebApplicationFactory{T}.CreateClient()"/> carry <see cref="EverythingToken"/>.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", EverythingToken);
    }

    /// <summary>A client with the given token, or none.</summary>
    public HttpClient CreateClient(string? token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = token is null ? null : new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HubConnection CreateHubConnection() => CreateHubConnection(EverythingToken);

    /// <summary>A hub connection sending <paramref name="token"/> as SignalR clients do (the <c>access_token</c> query parameter).</summary>
    public HubConnection CreateHubConnection(string? token) => new HubConnectionBuilder()
        .WithUrl(new Uri(Server.BaseAddress, "/hubs/monitoring"), options =>
        {
            options.HttpMessageHandlerFactory = _ => Server.CreateHandler();
            options.Transports = HttpTransportType.LongPolling;
            if (token is not null) options.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .Build();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
