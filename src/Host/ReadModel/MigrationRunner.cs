namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// Runs the read-model migrations when the host starts. Registered before the writer and the
/// actor system, so tables exist before the first record is written. A failure stops the start:
/// a schema that cannot be brought up to date is a deployment fault to see at once, not later as
/// a writer retrying forever.
/// </summary>
public sealed class MigrationRunner(ReadModelMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
