namespace TrialMonitor.Web.Tests.Support;

/// <summary>One Development server for a test class.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public WebServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await WebServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
