using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Journal;
using Npgsql;

namespace SignalingAkka.Host.Akka;

/// <summary>
/// Akka.Persistence.Sql's journal with its two hottest operations done by our own statements on PostgreSQL and
/// SQLite with the default table mapping. The highest sequence number of a persistence id, which every recovering entity asks
/// for (every new session), is read by a plain statement instead of a linq2db query in a transaction, for all the
/// ids that recover at once (<see cref="PostgresRecoveryReads"/>); like the plugin it first waits for that id's write
/// in flight. Writes produce the plugin's own rows
/// (<see cref="JournalRowSerializer"/>), batched as the plugin batches them, through one prepared statement per
/// transaction (<see cref="PostgresJournalWriter"/>) instead of linq2db's literal multi-row insert; replay,
/// deletes and queries stay the plugin's. On SQLite the highest sequence number is read by a plain statement
/// (<see cref="SqliteRecoveryReads"/>), and the same rows are written in batches on a thread of the writer's own
/// (<see cref="SqliteJournalWriter"/>). Any other database or mapping is left to the plugin.
/// Configured as akka.persistence.journal.sql.class (see <see cref="AkkaSetup"/>).
/// </summary>
public sealed class SignalingSqlWriteJournal : SqlWriteJournal
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly PostgresRecoveryReads? _postgresReads;
    private readonly SqliteRecoveryReads? _sqlite;
    private readonly JournalRowSerializer? _rows;
    private readonly JournalRowWriter? _writer;
    private readonly Dictionary<string, Task> _writesInFlight = new();

    public SignalingSqlWriteJournal(Config journalConfig) : base(journalConfig)
    {
        if (UsesDefaultMapping(journalConfig, DefaultTableMapping.Sqlite, out var sqliteConnectionString))
            _sqlite = new SqliteRecoveryReads(sqliteConnectionString);
        if (UsesDefaultMapping(journalConfig, DefaultTableMapping.PostgreSql, out var connectionString))
        {
            _postgres = NpgsqlDataSource.Create(connectionString);
            _postgresReads = new PostgresRecoveryReads(_postgres);
        }

        if (!WritesRowsItself(journalConfig)) return;
        var settings = new JournalConfig(journalConfig.WithFallback(SqlPersistence.DefaultJournalConfiguration));
        _rows = new JournalRowSerializer((ExtendedActorSystem)Context.System, settings.DefaultSerializer);
        // The plugin's format: one writer uuid per journal incarnation, whoever persists.
        var writerUuid = Guid.NewGuid().ToString("N");
        var dao = settings.DaoConfig;
        _writer = _postgres is not null
            ? new PostgresJournalWriter(_postgres, writerUuid, dao.BatchSize, dao.Parallelism, dao.BufferSize)
            : new SqliteJournalWriter(sqliteConnectionString, writerUuid, dao.BatchSize, dao.BufferSize);
    }

    /// <summary>Whether the highest sequence number is read by our own statement (which then waits for writes in flight).</summary>
    private bool ReadsHighestItself => _postgres is not null || _sqlite is not null;

    /// <summary>True for the given database, the plugin's default table mapping and native (non-compatibility) deletes.</summary>
    public static bool UsesDefaultMapping(Config journalConfig, string provider, out string connectionString) =>
        DefaultTableMapping.Applies(journalConfig, provider, "journal",
            [("persistence-id", "persistence_id"), ("sequence-number", "sequence_number")], out connectionString)
        && !journalConfig.GetBoolean("delete-compatibility-mode", false);

    /// <summary>
    /// True when, besides <see cref="UsesDefaultMapping"/> on PostgreSQL or SQLite, every journal column and the tag
    /// table are the plugin's defaults, tags go to the tag table and rows carry a writer uuid: the rows this journal
    /// writes itself.
    /// </summary>
    public static bool WritesRowsItself(Config journalConfig) =>
        (WritesDefaultRows(journalConfig, DefaultTableMapping.PostgreSql) || WritesDefaultRows(journalConfig, DefaultTableMapping.Sqlite))
        && journalConfig.GetBoolean("default.journal.use-writer-uuid-column", true)
        && string.Equals(journalConfig.GetString("tag-write-mode", "TagTable"), "TagTable",
            StringComparison.OrdinalIgnoreCase);

    private static bool WritesDefaultRows(Config journalConfig, string provider) =>
        UsesDefaultMapping(journalConfig, provider, out _)
        && DefaultTableMapping.Applies(journalConfig, provider, "journal",
            [("ordering", "ordering"), ("deleted", "deleted"), ("persistence-id", "persistence_id"),
             ("sequence-number", "sequence_number"), ("created", "created"), ("message", "message"),
             ("identifier", "identifier"), ("manifest", "manifest"), ("writer-uuid", "writer_uuid")], out _)
        && DefaultTableMapping.Applies(journalConfig, provider, "tag", "tags",
            [("ordering-id", "ordering_id"), ("tag-value", "tag"), ("persistence-id", "persistence_id"),
             ("sequence-nr", "sequence_nr")], out _);

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages,
        CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyList<AtomicWrite> ?? messages.ToList();
        var written = _writer is null || _rows is null
            ? base.WriteMessagesAsync(writes, cancellationToken)
            : WriteRowsAsync(_writer, _rows.Serialize(writes, DateTime.UtcNow.Ticks), cancellationToken);
        if (!ReadsHighestItself || writes.Count == 0) return written;

        // Called on the journal's own thread, as ReadHighestSequenceNrAsync is; finished writes are
        // forgotten there too.
        var persistenceId = writes[0].PersistenceId;
        _writesInFlight[persistenceId] = written;
        var self = Self;
        written.ContinueWith(_ => self.Tell(new WriteDone(persistenceId, written)), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return written;
    }

    private static async Task<IImmutableList<Exception>> WriteRowsAsync(JournalRowWriter writer,
        SerializedWrites serialized, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(serialized.Rows, cancellationToken);
        return serialized.Rejections;
    }

    protected override bool ReceivePluginInternal(object message)
    {
        if (message is not WriteDone done) return base.ReceivePluginInternal(message);
        if (_writesInFlight.TryGetValue(done.PersistenceId, out var latest) && latest == done.Write)
            _writesInFlight.Remove(done.PersistenceId);
        return true;
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr,
        CancellationToken cancellationToken)
    {
        if (!ReadsHighestItself) return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);

        // Whether that write succeeded or not, the answer must come after it.
        if (_writesInFlight.TryGetValue(persistenceId, out var inFlight))
            await inFlight.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

        return _postgresReads is not null
            ? await _postgresReads.HighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken)
            : await _sqlite!.HighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
    }

    protected override void PostStop()
    {
        base.PostStop();
        _writer?.Dispose();
        _postgresReads?.Dispose();
        _postgres?.Dispose();
    }

    private sealed record WriteDone(string PersistenceId, Task Write);
}
