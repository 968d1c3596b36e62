using SignalingAkka.Integration.Tests.Infrastructure;
using SignalingAkka.Protocol;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.Observability;

[Collection(PostgresCollection.Name)]
public sealed class MetricsExportTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Npgsql_pool_gauges_are_exported_but_not_its_per_command_measurements()
    {
        await using var daemon = await Daemon.StartAsync(_directory.Path, await postgres.CreateDatabaseAsync());
        using var http = new HttpClient { BaseAddress = daemon.BaseUrl };
        // prometheus-net starts listening to .NET meters at the first scrape: measurements after it count.
        await http.GetStringAsync("/metrics");

        var host = await daemon.ConnectDeviceAsync("host");
        var guest = await daemon.ConnectDeviceAsync("guest");
        var created = await host.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
        await guest.Client.JoinSessionAsync(created.InviteCode);
        var metrics = await http.GetStringAsync("/metrics");

        Assert.Contains("npgsql_db_client_connection_count", metrics);
        Assert.DoesNotContain("npgsql_db_client_operation_duration", metrics);
        Assert.DoesNotContain("npgsql_db_client_operation_npgsql_bytes_written", metrics);
    }

    public void Dispose() => _directory.Dispose();
}
