namespace SignalingAkka.Integration.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL 15 server shared by every test class in the "postgres" collection.
/// Each test asks for its own fresh database, so tests never see each other's rows.
/// </summary>
/// <example>
/// <code>
/// [Collection(PostgresCollection.Name)]
/// public sealed class JournalTests(PostgresFixture postgres)
/// {
///     [Fact]
///     public async Task Persists()
///     {
///         var connectionString = await postgres.CreateDatabaseAsync();
///         // ... Host=127.0.0.1;Port=N;Database=t_...;Username=postgres;...
///     }
/// }
/// </code>
/// </example>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    /// <summary>The running server; available once xunit has initialized the fixture.</summary>
    public PostgresServer Server =>
        _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not been initialized.");

    /// <summary>Creates a new empty database with a unique name and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(CancellationToken ct = default) =>
        Server.CreateDatabaseAsync($"t_{Guid.NewGuid():N}", ct);

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>Test classes marked <c>[Collection("postgres")]</c> share one <see cref="PostgresFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
