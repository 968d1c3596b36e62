using Microsoft.Data.Sqlite;
using SignalingAkka.Host.Akka;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Host.Tests.Akka;

/// <summary>
/// The SQLite journal writer batches as the PostgreSQL one does: writes that wait for a transaction go together in
/// the next, all committed or none. (That its rows are the plugin's is shown in the integration tests.)
/// </summary>
public sealed class SqliteJournalWriterTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory = new();
    private readonly string _connectionString;

    public SqliteJournalWriterTests()
    {
        _connectionString = $"Data Source={Path.Combine(_directory.Path, "journal.db")}";
        using var connection = Open();
        // The plugin's tables on SQLite, as its auto-initialize creates them.
        Execute(connection, """
            CREATE TABLE journal (
              ordering INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, deleted Bit NOT NULL,
              persistence_id NVarChar(255) NOT NULL, sequence_number INTEGER NOT NULL, message VarBinary NOT NULL,
              manifest NVarChar(500) NULL, identifier INTEGER NULL, writer_uuid NVarChar(128) NULL);
            CREATE UNIQUE INDEX journal_uq ON journal (persistence_id, sequence_number);
            CREATE TABLE tags (
              ordering_id INTEGER NOT NULL, tag NVarChar(64) NOT NULL, sequence_nr INTEGER NOT NULL,
              persistence_id NVarChar(255) NOT NULL, CONSTRAINT PK_tags PRIMARY KEY (ordering_id, tag));
            """);
    }

    [Fact]
    public async Task Rows_land_in_order_with_their_tags()
    {
        using var writer = new SqliteJournalWriter(_connectionString, "uuid-1", batchSize: 100, bufferSize: 100);
        await writer.WriteAsync([Row("a", 1), Row("a", 2, "blue", "green"), Row("b", 1)], CancellationToken.None).WaitAsync(Timeout);
        await writer.WriteAsync([Row("a", 3)], CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(["1:a:1:0:uuid-1:m-a-1", "2:a:2:0:uuid-1:m-a-2", "3:b:1:0:uuid-1:m-b-1", "4:a:3:0:uuid-1:m-a-3"],
            Query("SELECT ordering || ':' || persistence_id || ':' || sequence_number || ':' || deleted || ':' || " +
                  "writer_uuid || ':' || manifest FROM journal ORDER BY ordering"));
        Assert.Equal(["2:blue:a:2", "2:green:a:2"],
            Query("SELECT ordering_id || ':' || tag || ':' || persistence_id || ':' || sequence_nr FROM tags ORDER BY tag"));
    }

    [Fact]
    public async Task Writes_that_wait_for_the_database_go_together_in_one_transaction()
    {
        using var writer = new SqliteJournalWriter(_connectionString, "uuid-1", batchSize: 100, bufferSize: 100);
        Task first, valid, duplicate, alsoValid;
        using (var holder = Open())
        {
            // Another writer holds the database, so every write below waits.
            Execute(holder, "BEGIN IMMEDIATE");
            first = writer.WriteAsync([Row("a", 1)], CancellationToken.None);
            // Time for the first write's transaction to start and wait: the writes after it queue behind it.
            await Task.Delay(500);
            valid = writer.WriteAsync([Row("b", 1)], CancellationToken.None);
            duplicate = writer.WriteAsync([Row("a", 1)], CancellationToken.None);
            alsoValid = writer.WriteAsync([Row("c", 1), Row("c", 2)], CancellationToken.None);
            Assert.False(first.IsCompleted);
            Execute(holder, "COMMIT");
        }

        // The first write went alone; the three that queued behind it share the next transaction, so the duplicate
        // takes the two valid writes down with it and none of their rows is kept.
        await Task.WhenAny(Task.WhenAll(first, valid, duplicate, alsoValid)).WaitAsync(Timeout);
        await first;
        foreach (var write in new[] { valid, duplicate, alsoValid })
        {
            var e = await Assert.ThrowsAsync<SqliteException>(() => write);
            Assert.Equal(2067, e.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_UNIQUE
        }

        Assert.DoesNotContain("b:1", Query("SELECT persistence_id || ':' || sequence_number FROM journal"));
        Assert.DoesNotContain("c:1", Query("SELECT persistence_id || ':' || sequence_number FROM journal"));
        await writer.WriteAsync([Row("b", 1)], CancellationToken.None).WaitAsync(Timeout);
        Assert.Contains("b:1", Query("SELECT persistence_id || ':' || sequence_number FROM journal"));
    }

    [Fact]
    public async Task The_writer_switches_its_file_to_the_write_ahead_log_and_then_commits_while_a_reader_reads()
    {
        using var writer = new SqliteJournalWriter(_connectionString, "uuid-1", batchSize: 100, bufferSize: 100);
        await writer.WriteAsync([Row("a", 1)], CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(["wal"], Query("PRAGMA journal_mode"));

        // A reader in the middle of a transaction, as an entity's recovery is. In rollback mode the writer's commit
        // waits for it to end (and for good, if the reader in turn waits to write); with the log it does not.
        using var reader = Open();
        Execute(reader, "BEGIN");
        Execute(reader, "SELECT COUNT(*) FROM journal");
        var write = writer.WriteAsync([Row("a", 2)], CancellationToken.None);
        var committed = await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(10))) == write;
        Execute(reader, "COMMIT");
        Assert.True(committed, "the write waited for the reader");
        await write;
    }

    [Fact]
    public async Task A_stopped_writer_refuses_writes()
    {
        var writer = new SqliteJournalWriter(_connectionString, "uuid-1", batchSize: 100, bufferSize: 100);
        writer.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.WriteAsync([Row("a", 1)], CancellationToken.None));
        Assert.Empty(Query("SELECT persistence_id FROM journal"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private static JournalRow Row(string persistenceId, long sequenceNr, params string[] tags) =>
        new(persistenceId, sequenceNr, 638_000_000_000_000_000 + sequenceNr, [1, 2, 3], $"m-{persistenceId}-{sequenceNr}",
            99, tags);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<string> Query(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(0));
        return rows;
    }
}
