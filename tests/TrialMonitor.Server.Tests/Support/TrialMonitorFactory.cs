using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace TrialMonitor.Server.Tests.Support;

/// <summary>
/// The real server (silo, API, hub) in-process on the embedded SQLite store in a directory of its own. Two
/// factories on the same directory are the same deployment restarted.
/// </summary>
public sealed class TrialMonitorFactory(string dataDirectory) : WebApplicationFactory<Program>
{
    public TrialMonitorFactory() : this(NewDataDirectory())
    {
    }

    public string DataDirectory { get; } = dataDirectory;

    public static string NewDataDirectory() => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "trialmonitor-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Provider", "Sqlite");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:ClusterId", "tests-" + Guid.NewGuid().ToString("N"));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseEnvironment("Development");
    }

    public HubConnection CreateHubConnection() => new HubConnectionBuilder()
        .WithUrl(new Uri(Server.BaseAddress, "/hubs/monitoring"), options =>
        {
            options.HttpMessageHandlerFactory = _ => Server.CreateHandler();
            options.Transports = HttpTransportType.LongPolling;
        })
        .Build();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
