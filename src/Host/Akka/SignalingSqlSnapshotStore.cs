using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Snapshot;
using Npgsql;

namespace SignalingAkka.Host.Akka;

/// <summary>
/// Akka.Persistence.Sql's snapshot store, asked first on PostgreSQL and SQLite (default table mapping) whether the
/// persistence id has any snapshot at all: most loads are for brand-new entities (every new session, every
/// unknown device that connects), and for those one plain statement answers instead of the plugin's linq2db query
/// in a transaction; on PostgreSQL one statement answers for all the ids that recover at once
/// (<see cref="PostgresRecoveryReads"/>).
/// When a snapshot exists the plugin loads it as always. Configured as
/// akka.persistence.snapshot-store.sql.class (see <see cref="AkkaSetup"/>).
/// </summary>
public sealed class SignalingSqlSnapshotStore : SqlSnapshotStore
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly PostgresRecoveryReads? _postgresReads;
    private readonly SqliteRecoveryReads? _sqlite;

    public SignalingSqlSnapshotStore(Config snapshotConfig) : base(snapshotConfig)
    {
        if (UsesDefaultMapping(snapshotConfig, DefaultTableMapping.PostgreSql, out var connectionString))
        {
            _postgres = NpgsqlDataSource.Create(connectionString);
            _postgresReads = new PostgresRecoveryReads(_postgres);
        }
        else if (UsesDefaultMapping(snapshotConfig, DefaultTableMapping.Sqlite, out connectionString))
            _sqlite = new SqliteRecoveryReads(connectionString);
    }

    /// <summary>True for the given database and the plugin's default table mapping.</summary>
    public static bool UsesDefaultMapping(Config snapshotConfig, string provider, out string connectionString) =>
        DefaultTableMapping.Applies(snapshotConfig, provider, "snapshot", [("persistence-id", "persistence_id")], out connectionString);

    protected override async Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria,
        CancellationToken cancellationToken = default)
    {
        if (_postgresReads is not null)
        {
            if (!await _postgresReads.AnySnapshotAsync(persistenceId, cancellationToken)) return null;
        }
        else if (_sqlite is not null && !await _sqlite.AnySnapshotAsync(persistenceId, cancellationToken))
        {
            return null;
        }

        return await base.LoadAsync(persistenceId, criteria, cancellationToken);
    }

    protected override void PostStop()
    {
        base.PostStop();
        _postgresReads?.Dispose();
        _postgres?.Dispose();
    }
}
