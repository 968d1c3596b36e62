using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;
using Npgsql;

namespace SignalingAkka.Host.Akka;

/// <summary>
/// Akka.Persistence.Sql's journal with one query of its own: the highest sequence number of a
/// persistence id, which every recovering entity asks for (every new session and every invite code).
/// The plugin builds it through linq2db inside a transaction each time; on PostgreSQL with the default
/// table mapping this asks the same thing with one plain prepared statement. Like the plugin it first
/// waits for that id's write in flight. Any other database or mapping is left to the plugin.
/// Configured as akka.persistence.journal.sql.class (see <see cref="AkkaSetup"/>).
/// </summary>
public sealed class SignalingSqlWriteJournal : SqlWriteJournal
{
    // The plugin's native (not delete-compatibility) query on its default mapping: the journal keeps
    // the highest row of a deleted range, so MAX over the id's rows is its highest sequence number.
    private const string HighestSql = "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $1";
    private const string HighestAboveSql = HighestSql + " AND sequence_number > $2";

    private readonly NpgsqlDataSource? _postgres;
    private readonly Dictionary<string, Task> _writesInFlight = new();

    public SignalingSqlWriteJournal(Config journalConfig) : base(journalConfig)
    {
        if (UsesDefaultPostgresMapping(journalConfig, out var connectionString))
            _postgres = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>True for PostgreSQL, the plugin's default table mapping and native (non-compatibility) deletes.</summary>
    public static bool UsesDefaultPostgresMapping(Config journalConfig, out string connectionString) =>
        DefaultPostgresMapping.Applies(journalConfig, "journal",
            [("persistence-id", "persistence_id"), ("sequence-number", "sequence_number")], out connectionString)
        && !journalConfig.GetBoolean("delete-compatibility-mode", false);

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages,
        CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyList<AtomicWrite> ?? messages.ToList();
        var written = base.WriteMessagesAsync(writes, cancellationToken);
        if (_postgres is null || writes.Count == 0) return written;

        // Called on the journal's own thread, as ReadHighestSequenceNrAsync is; finished writes are
        // forgotten there too.
        var persistenceId = writes[0].PersistenceId;
        _writesInFlight[persistenceId] = written;
        var self = Self;
        written.ContinueWith(_ => self.Tell(new WriteDone(persistenceId, written)), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return written;
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
        if (_postgres is null) return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);

        // Whether that write succeeded or not, the answer must come after it.
        if (_writesInFlight.TryGetValue(persistenceId, out var inFlight))
            await inFlight.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

        await using var command = _postgres.CreateCommand(fromSequenceNr == 0 ? HighestSql : HighestAboveSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        if (fromSequenceNr != 0) command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromSequenceNr });
        var highest = await command.ExecuteScalarAsync(cancellationToken);
        return highest is long value ? value : 0;
    }

    protected override void PostStop()
    {
        base.PostStop();
        _postgres?.Dispose();
    }

    private sealed record WriteDone(string PersistenceId, Task Write);
}
