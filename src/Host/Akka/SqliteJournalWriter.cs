using Microsoft.Data.Sqlite;
using SignalingAkka.Host.ReadModel;

namespace SignalingAkka.Host.Akka;

/// <summary>
/// Writes journal rows to SQLite on a thread of its own, one transaction at a time (SQLite has one writer; a second
/// transaction would only wait for its lock). The plugin runs its linq2db inserts on the shared thread pool, where
/// Microsoft.Data.Sqlite blocks the thread for the whole statement and commit; on a daemon with one CPU that pool
/// has one or two threads, and relays waited behind every journal write. The file is in write-ahead-log mode
/// (<see cref="SqliteWriteAheadLog"/>), so that this writer never waits for readers.
/// </summary>
/// <param name="writerUuid">Stored in every row, one per journal incarnation, as the plugin does.</param>
public sealed class SqliteJournalWriter(string connectionString, string writerUuid, int batchSize, int bufferSize)
    : JournalRowWriter("SQLite journal writer", batchSize, parallelism: 1, bufferSize)
{
    private const string InsertRowSql =
        "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid) " +
        "VALUES ($created, 0, $persistence_id, $sequence_number, $message, $manifest, $identifier, $writer_uuid)";

    // A tagged row needs its identity for the tag table, as the plugin's tag-table mode writes it.
    private const string InsertTaggedRowSql = InsertRowSql + " RETURNING ordering";

    private const string InsertTagSql =
        "INSERT INTO tags (ordering_id, tag, sequence_nr, persistence_id) " +
        "VALUES ($ordering_id, $tag, $sequence_nr, $persistence_id)";

    private readonly DedicatedThread _thread = new("SQLite journal writer");

    // Read and written on the writer's thread only.
    private bool _writeAheadLogChecked;

    protected override Task InsertAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken) =>
        _thread.RunAsync(() => Insert(rows, cancellationToken));

    /// <summary>All rows of the batch in one transaction, in order, so that identities ascend as the rows do.</summary>
    private void Insert(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        if (!_writeAheadLogChecked)
        {
            // The daemon's migrations switch the file first; a journal on a file of its own switches it here.
            SqliteWriteAheadLog.Enable(connection);
            _writeAheadLogChecked = true;
        }

        using var transaction = connection.BeginTransaction();
        using var insert = RowCommand(connection, transaction, InsertRowSql);
        using var insertTagged = RowCommand(connection, transaction, InsertTaggedRowSql);
        using var insertTag = TagCommand(connection, transaction);
        foreach (var row in rows)
        {
            if (row.Tags.Length == 0)
            {
                SetRow(insert, row);
                insert.ExecuteNonQuery();
                continue;
            }

            SetRow(insertTagged, row);
            var ordering = insertTagged.ExecuteScalar();
            foreach (var tag in row.Tags)
            {
                insertTag.Parameters["$ordering_id"].Value = ordering;
                insertTag.Parameters["$tag"].Value = tag;
                insertTag.Parameters["$sequence_nr"].Value = row.SequenceNr;
                insertTag.Parameters["$persistence_id"].Value = row.PersistenceId;
                insertTag.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    private SqliteCommand RowCommand(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = Command(connection, transaction, sql,
            "$created", "$persistence_id", "$sequence_number", "$message", "$manifest", "$identifier", "$writer_uuid");
        command.Parameters["$writer_uuid"].Value = writerUuid;
        return command;
    }

    private static SqliteCommand TagCommand(SqliteConnection connection, SqliteTransaction transaction) =>
        Command(connection, transaction, InsertTagSql, "$ordering_id", "$tag", "$sequence_nr", "$persistence_id");

    /// <summary>A command of the batch's transaction with its parameters declared; values are set per row.</summary>
    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql,
        params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private static void SetRow(SqliteCommand command, JournalRow row)
    {
        command.Parameters["$created"].Value = row.Created;
        command.Parameters["$persistence_id"].Value = row.PersistenceId;
        command.Parameters["$sequence_number"].Value = row.SequenceNr;
        command.Parameters["$message"].Value = row.Message;
        command.Parameters["$manifest"].Value = row.Manifest;
        command.Parameters["$identifier"].Value = row.Identifier;
    }

    /// <summary>Cancels the writes still waiting; a transaction already running commits or fails first.</summary>
    public override void Dispose()
    {
        base.Dispose();
        _thread.Dispose();
    }
}
