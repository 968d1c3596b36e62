using Akka.Actor;
using Akka.Cluster;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using SignalingAkka.Host.Configuration;

namespace SignalingAkka.Host.Health;

/// <summary>Ready means: this node is an Up cluster member and the journal's database answers.</summary>
public sealed class ReadinessCheck(ActorSystem system, IOptions<SignalingOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        var status = Cluster.Get(system).SelfMember.Status;
        if (status != MemberStatus.Up) return HealthCheckResult.Unhealthy($"cluster member is {status}");

        try
        {
            await PingDatabaseAsync(options.Value.Storage, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("persistence database unreachable", e);
        }

        return HealthCheckResult.Healthy();
    }

    private static async Task PingDatabaseAsync(StorageOptions storage, CancellationToken cancellationToken)
    {
        await using System.Data.Common.DbConnection connection = storage.UsesPostgres
            ? new NpgsqlConnection(storage.PostgresConnectionString)
            : new SqliteConnection(storage.SqliteConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
