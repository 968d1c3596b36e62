using System.Net.Sockets;
using Npgsql;

namespace SignalingAkka.Integration.Tests.Infrastructure;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Fixture_hands_out_a_fresh_database_on_postgresql_15()
    {
        var connectionString = await postgres.CreateDatabaseAsync();

        Assert.StartsWith($"Host=127.0.0.1;Port={postgres.Server.Port};Database=t_", connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var version = new NpgsqlCommand("SELECT version()", connection);
        Assert.StartsWith("PostgreSQL 15.", (string?)await version.ExecuteScalarAsync());
        await using var database = new NpgsqlCommand("SELECT current_database()", connection);
        Assert.Equal(new NpgsqlConnectionStringBuilder(connectionString).Database, (string?)await database.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Each_database_is_separate()
    {
        var first = await postgres.CreateDatabaseAsync();
        var second = await postgres.CreateDatabaseAsync();
        Assert.NotEqual(first, second);

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE only_in_first (id int)", connection);
            await create.ExecuteNonQueryAsync();
        }

        await using (var connection = new NpgsqlConnection(second))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'only_in_first'", connection);
            Assert.Equal(0L, (long?)await count.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Dispose_stops_the_server_and_deletes_its_directory()
    {
        var server = await PostgresServer.StartAsync();
        var port = server.Port;
        var directory = server.BaseDirectory;
        var connectionString = await server.CreateDatabaseAsync("dispose_check");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(); // a pooled connection still open at dispose time
        }

        await server.DisposeAsync();

        Assert.False(Directory.Exists(directory));
        using var client = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        using var stale = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(stale); // drop the broken pooled connection
    }
}
