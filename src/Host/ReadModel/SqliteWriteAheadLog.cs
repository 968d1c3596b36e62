using Microsoft.Data.Sqlite;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// Puts the embedded SQLite database into write-ahead-log mode, which the file keeps from then on. In the default
/// rollback mode a writer shuts out readers for its whole transaction and each commit syncs two files; the daemon
/// reads (entity recoveries) while it writes (journal, snapshots, read model), and every wait held a thread. Worse,
/// a writer that must wait for readers to commit can wait on a transaction that itself waits for the write lock,
/// until a command times out. With the log, readers never wait for the writer and the writer never waits for
/// readers, and a commit is one sync of the log. Durability is unchanged: synchronous stays FULL, so a committed
/// write survives a power cut.
/// </summary>
public static class SqliteWriteAheadLog
{
    /// <summary>Switches the database at <paramref name="connectionString"/>; throws when SQLite refuses.</summary>
    public static async Task EnableAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        Enable(connection);
    }

    /// <summary>Switches the database of an open connection; throws when SQLite refuses.</summary>
    public static void Enable(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL";
        // SQLite answers with the mode now in force: a file system without shared memory keeps the old one.
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                $"SQLite kept journal mode '{mode}' for {connection.DataSource} instead of WAL; the data directory " +
                "must be on a local file system that supports shared memory.");
    }
}
