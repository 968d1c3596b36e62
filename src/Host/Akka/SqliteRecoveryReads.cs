using Microsoft.Data.Sqlite;

namespace SignalingAkka.Host.Akka;

/// <summary>
/// The two reads every recovering entity makes, on SQLite with the plugin's default mapping, as plain statements:
/// whether a persistence id has any snapshot, and its highest sequence number. The plugin answers each with a
/// linq2db query in a transaction, and Microsoft.Data.Sqlite runs synchronously, on the journal's or the snapshot
/// store's own thread: one entity start after another (every connecting device asks its entity) waited for those.
/// </summary>
public sealed class SqliteRecoveryReads(string connectionString)
{
    // As on PostgreSQL: the journal keeps the highest row of a deleted range, so MAX over the id's rows is its
    // highest sequence number.
    private const string HighestSql = "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $id";
    private const string HighestAboveSql = HighestSql + " AND sequence_number > $from";
    private const string AnySnapshotSql = "SELECT EXISTS (SELECT 1 FROM snapshot WHERE persistence_id = $id)";

    public async Task<bool> AnySnapshotAsync(string persistenceId, CancellationToken cancellationToken) =>
        await ScalarAsync(AnySnapshotSql, persistenceId, null, cancellationToken) is not 0L;

    public async Task<long> HighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        await ScalarAsync(fromSequenceNr == 0 ? HighestSql : HighestAboveSql, persistenceId,
            fromSequenceNr == 0 ? null : fromSequenceNr, cancellationToken) is long highest ? highest : 0;

    private async Task<object?> ScalarAsync(string sql, string persistenceId, long? fromSequenceNr, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", persistenceId);
        if (fromSequenceNr is { } from) command.Parameters.AddWithValue("$from", from);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
