namespace TrialMonitor.Server.Tests.Support;

/// <summary>One running server shared by the tests of a collection; each test uses its own patients and center.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TrialMonitorFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServerTestGroup : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
