namespace TrialMonitor.Server.Tests.Support;

/// <summary>One running server shared by the tests of a collection; each test uses its own patients and center.</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private TrialMonitorFactory? _factory;

    public TrialMonitorFactory Factory => _factory ?? throw new InvalidOperationException("the fixture is not initialised");

    public HttpClient Client { get; private set; } = null!;

    protected abstract StorageTarget NewStorage();

    public Task InitializeAsync()
    {
        _factory = new TrialMonitorFactory(NewStorage());
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
    }
}

public sealed class SqliteServerFixture : ServerFixture
{
    protected override StorageTarget NewStorage() => StorageTarget.NewSqlite();
}

public sealed class PostgresServerFixture : ServerFixture
{
    protected override StorageTarget NewStorage() => StorageTarget.NewPostgres();
}

[CollectionDefinition(Name)]
public sealed class SqliteServerGroup : ICollectionFixture<SqliteServerFixture>
{
    public const string Name = "server on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgresServerGroup : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "server on PostgreSQL";
}
