using System.Data.Common;
using Microsoft.Data.Sqlite;
using SignalingAkka.Host.ReadModel;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.ReadModel;

public sealed class SqliteReadModelTests : ReadModelContract, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>The file path the daemon would use (StorageOptions.SqliteConnectionString), in a folder of this test.</summary>
    protected override Task<ReadModelDatabase> CreateDatabaseAsync() =>
        Task.FromResult(ReadModelDatabase.ForSqlite($"Data Source={DatabaseFile()}"));

    /// <summary>A file in a folder that does not exist yet: SQLite cannot open it (SQLITE_CANTOPEN) until the migrator makes the folder.</summary>
    protected override Task<(ReadModelDatabase Database, Func<Task> MakeReachable)> CreateUnreachableDatabaseAsync()
    {
        var folder = Path.Combine(_directory.Path, $"not-yet-{Guid.NewGuid():N}");
        var database = ReadModelDatabase.ForSqlite($"Data Source={Path.Combine(folder, "signaling.db")}");
        return Task.FromResult<(ReadModelDatabase, Func<Task>)>((database, () => Task.CompletedTask));
    }

    protected override async Task<DbConnection> OpenAsync(ReadModelDatabase database)
    {
        var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    protected override async Task<IReadOnlyList<string>> TablesAsync(ReadModelDatabase database) =>
        (await QueryAsync(database, "SELECT name FROM sqlite_master WHERE type = 'table'"))
        .Select(row => (string)row[0]!).ToList();

    protected override async Task<IReadOnlyList<ColumnInfo>> ColumnsAsync(ReadModelDatabase database, string table) =>
        (await QueryAsync(database, $"SELECT name, type, \"notnull\" FROM pragma_table_info('{table}') ORDER BY cid"))
        .Select(row => new ColumnInfo((string)row[0]!, (string)row[1]!, (long)row[2]! == 0)).ToList();

    protected override async Task<IReadOnlyDictionary<string, string>> IndexesAsync(ReadModelDatabase database) =>
        (await QueryAsync(database, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
        .ToDictionary(row => (string)row[0]!, row => (string)row[1]!);

    protected override async Task<IReadOnlyList<ForeignKeySpec>> ForeignKeysAsync(ReadModelDatabase database)
    {
        var keys = new List<ForeignKeySpec>();
        foreach (var table in ExpectedSchema.Tables)
        {
            keys.AddRange((await QueryAsync(database,
                    $"SELECT \"table\", \"from\", on_delete FROM pragma_foreign_key_list('{table}')"))
                .Select(row => new ForeignKeySpec(table, (string)row[1]!, (string)row[0]!, (string)row[2]!)));
        }

        return keys;
    }

    protected override string ExpectedType(ColumnSpec column) => column.SqliteType;

    [Fact]
    public async Task Ids_and_times_are_canonical_text()
    {
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database);
        var script = new ScriptedSession();
        var applier = new RecordApplier(database);
        foreach (var record in script.Records().Take(7)) await applier.ApplyAsync(record, CancellationToken.None);

        var row = (await QueryAsync(database,
            "SELECT id, typeof(id), host_device_id, started_at, typeof(started_at) FROM session_history")).Single();
        Assert.Equal<object?>(
            [script.SessionId.ToString(), "text", script.Host.Id.ToString(), "2026-01-02T03:04:15.1234560Z", "text"], row);
        var participant = (await QueryAsync(database, "SELECT is_licensed, typeof(is_licensed) FROM session_participants")).Single();
        Assert.Equal<object?>([1L, "integer"], participant);
    }

    [Fact]
    public async Task Foreign_keys_are_enforced_on_the_writer_connections()
    {
        // SQLite ignores REFERENCES unless the connection enables foreign keys: ReadModelDatabase must.
        var database = await CreateDatabaseAsync();
        Assert.Contains("Foreign Keys=True", database.ConnectionString, StringComparison.OrdinalIgnoreCase);
        await MigrateAsync(database);
        var rows = await QueryAsync(database, "PRAGMA foreign_keys");
        Assert.Equal(1L, rows.Single()[0]);
    }

    [Fact]
    public async Task The_migrations_put_the_database_in_write_ahead_log_mode_which_the_file_keeps()
    {
        var database = await CreateDatabaseAsync();
        await MigrateAsync(database);

        // A connection of its own: the mode is the file's, not a setting of the migrator's connection.
        Assert.Equal("wal", (await QueryAsync(database, "PRAGMA journal_mode")).Single()[0]);
        Assert.Equal(2L, (await QueryAsync(database, "PRAGMA synchronous")).Single()[0]); // FULL: commits survive a power cut
    }

    private string DatabaseFile() => Path.Combine(_directory.Path, $"signaling-{Guid.NewGuid():N}.db");
}
