using System.Collections.Immutable;
using System.Data.Common;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Journal;
using LinqToDB;
using Microsoft.Data.Sqlite;
using Npgsql;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Serialization;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Host.Akka;
using SignalingAkka.Integration.Tests.Infrastructure;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.Persistence;

/// <summary>
/// The daemon's journal writes its rows itself on PostgreSQL and SQLite: they must be the very rows the plugin
/// writes, so that the plugin's replay, deletes and highest-sequence reads go on working, and writes must keep the
/// journal contract (batches from many entities, one rejected write alone, a duplicate failing its call).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class JournalWriteTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    // What sessions persist in a churn cycle, a string as Akka's default serializer writes it,
    // and a tagged event for the tag table.
    private static IReadOnlyList<object[]> Writes =>
    [
        [new SessionEvents.Ended(SignalingAkka.Protocol.EndReason.HOST_LEFT, At), new SessionEvents.ScoreChanged("fp-1", 7)],
        [new SessionEvents.ScoreChanged("fp-2", 3)],
        ["plain string"],
        [new Tagged("tagged string", ["blue", "green"])],
        [new SessionEvents.QueueDelivered("fp-1", 12)],
    ];

    [Theory]
    [InlineData(DefaultTableMapping.PostgreSql)]
    [InlineData(DefaultTableMapping.Sqlite)]
    public async Task Rows_are_the_rows_the_plugin_writes(string provider)
    {
        var plugin = await ConfigAsync(typeof(SqlWriteJournal), provider);
        var ours = await ConfigAsync(typeof(SignalingSqlWriteJournal), provider);
        Assert.True(SignalingSqlWriteJournal.WritesRowsItself(JournalSection(ours)));
        Assert.False(SignalingSqlWriteJournal.WritesRowsItself(
            ConfigurationFactory.ParseString("tag-write-mode = Csv").WithFallback(JournalSection(ours))));

        var before = DateTime.UtcNow.Ticks;
        var ranOurInsert = new List<bool>();
        foreach (var config in new[] { plugin, ours })
        {
            using var system = ActorSystem.Create("rows", config);
            var writer = system.ActorOf(Props.Create(() => new EventWriter("entity-1")));
            foreach (var events in Writes) Assert.IsType<long>(await writer.Ask<object>(new EventWriter.Persist(events), Timeout));
            if (provider == DefaultTableMapping.PostgreSql) ranOurInsert.Add(await RanOurInsertAsync(config));
            await system.Terminate();
        }

        var after = DateTime.UtcNow.Ticks;

        var pluginRows = await JournalRowsAsync(plugin);
        var ourRows = await JournalRowsAsync(ours);
        Assert.Equal(6, pluginRows.Count);
        Assert.Equal(pluginRows.Count, ourRows.Count);
        for (var i = 0; i < pluginRows.Count; i++)
        {
            // Everything but the identity, the write time and the journal's own writer uuid, byte for byte.
            Assert.Equal(pluginRows[i].Stored, ourRows[i].Stored);
            Assert.InRange(ourRows[i].Created, before, after);
            Assert.InRange(pluginRows[i].Created, before, after);
            Assert.Matches("^[0-9a-f]{32}$", ourRows[i].WriterUuid);
            Assert.Equal(ourRows[0].WriterUuid, ourRows[i].WriterUuid);
        }

        Assert.Contains(ourRows, r => r.Stored.Identifier == SignalingSerializer.Id);
        Assert.Contains(ourRows, r => r.Stored.Identifier != SignalingSerializer.Id);
        Assert.Equal(await TagRowsAsync(plugin), await TagRowsAsync(ours));
        Assert.Equal(["entity-1:5:blue", "entity-1:5:green"], await TagRowsAsync(ours));

        // The rows came from the daemon's own statement, not from linq2db's insert (PostgreSQL shows the last
        // statement of each connection; SqliteJournalWriterTests write rows without the plugin).
        if (provider == DefaultTableMapping.PostgreSql) Assert.Equal([false, true], ranOurInsert);
    }

    [Theory]
    [InlineData(DefaultTableMapping.PostgreSql)]
    [InlineData(DefaultTableMapping.Sqlite)]
    public async Task The_plugin_recovers_deletes_and_carries_on_after_our_writes(string provider)
    {
        var config = await ConfigAsync(typeof(SignalingSqlWriteJournal), provider);
        using (var system = ActorSystem.Create("first", config))
        {
            var writer = system.ActorOf(Props.Create(() => new EventWriter("entity-1")));
            foreach (var events in Writes) await writer.Ask<long>(new EventWriter.Persist(events), Timeout);
            Assert.Equal(6L, await writer.Ask<long>(EventWriter.Seq, Timeout));
            await system.Terminate();
        }

        using (var system = ActorSystem.Create("second", config))
        {
            var writer = system.ActorOf(Props.Create(() => new EventWriter("entity-1")));
            var recovered = await writer.Ask<EventWriter.History>(EventWriter.Recovered, Timeout);
            Assert.Equal(6L, recovered.LastSequenceNr);
            // Recovery hands over the payload itself: a tagged event comes back without its tags.
            Assert.Equal(Writes.SelectMany(w => w).Select(e => e is Tagged t ? t.Payload : e), recovered.Events);

            Assert.Equal(6L, await writer.Ask<long>(new EventWriter.DeleteTo(4), Timeout));
            Assert.Equal(7L, await writer.Ask<long>(new EventWriter.Persist(["after delete"]), Timeout));
            await system.Terminate();
        }

        using (var system = ActorSystem.Create("third", config))
        {
            var writer = system.ActorOf(Props.Create(() => new EventWriter("entity-1")));
            var recovered = await writer.Ask<EventWriter.History>(EventWriter.Recovered, Timeout);
            Assert.Equal(7L, recovered.LastSequenceNr);
            Assert.Equal(["tagged string", new SessionEvents.QueueDelivered("fp-1", 12), "after delete"], recovered.Events);
            await system.Terminate();
        }

        // As the plugin deletes: the highest deleted row stays, marked, to keep the sequence number.
        Assert.Equal(["4:True", "5:False", "6:False", "7:False"],
            (await JournalRowsAsync(config)).Select(r => $"{r.Stored.SequenceNr}:{r.Stored.Deleted}"));
    }

    [Theory]
    [InlineData(DefaultTableMapping.PostgreSql)]
    [InlineData(DefaultTableMapping.Sqlite)]
    public async Task Concurrent_writers_all_land_in_their_order(string provider)
    {
        const int entities = 40;
        const int writesEach = 15;
        var config = await ConfigAsync(typeof(SignalingSqlWriteJournal), provider);
        using (var system = ActorSystem.Create("many", config))
        {
            var writers = Enumerable.Range(0, entities)
                .Select(i => system.ActorOf(Props.Create(() => new EventWriter($"entity-{i}"))))
                .ToArray();
            // Every entity asks for its next write as soon as the previous one is done, so writes from many
            // entities meet in the journal's queue; odd writes carry two events in one AtomicWrite.
            var sequences = await Task.WhenAll(writers.Select(async (writer, i) =>
            {
                var last = 0L;
                for (var w = 0; w < writesEach; w++)
                {
                    object[] events = w % 2 == 0 ? [$"{i}-{w}"] : [$"{i}-{w}-a", new SessionEvents.ScoreChanged($"{i}", w)];
                    last = await writer.Ask<long>(new EventWriter.Persist(events), Timeout);
                }

                return last;
            }));
            Assert.All(sequences, s => Assert.Equal(writesEach + writesEach / 2, s));
            await system.Terminate();
        }

        var rows = await JournalRowsAsync(config);
        Assert.Equal(entities * (writesEach + writesEach / 2), rows.Count);
        foreach (var entity in rows.GroupBy(r => r.Stored.PersistenceId))
        {
            // Rows come ordered by identity: each entity's sequence numbers ascend without a gap.
            Assert.Equal(Enumerable.Range(1, writesEach + writesEach / 2).Select(n => (long)n),
                entity.Select(r => r.Stored.SequenceNr));
        }

        using (var system = ActorSystem.Create("many-again", config))
        {
            var writer = system.ActorOf(Props.Create(() => new EventWriter("entity-3")));
            var recovered = await writer.Ask<EventWriter.History>(EventWriter.Recovered, Timeout);
            Assert.Equal(["3-0", "3-1-a", new SessionEvents.ScoreChanged("3", 1), "3-2"], recovered.Events.Take(4));
            await system.Terminate();
        }
    }

    [Theory]
    [InlineData(DefaultTableMapping.PostgreSql)]
    [InlineData(DefaultTableMapping.Sqlite)]
    public async Task An_unserializable_write_is_rejected_alone(string provider)
    {
        var config = await ConfigAsync(typeof(SignalingSqlWriteJournal), provider);
        using (var system = ActorSystem.Create("rejected", config))
        {
            var writer = system.ActorOf(Props.Create(() => new EventWriter("entity-1")));
            // Three AtomicWrites in one journal call; the middle one cannot be serialized.
            var outcome = await writer.Ask<EventWriter.Outcome>(
                new EventWriter.PersistEach(["before", new Unserializable(), "after"]), Timeout);
            Assert.Equal(["before", "after"], outcome.Persisted);
            var rejected = Assert.Single(outcome.Rejected);
            Assert.IsType<Unserializable>(rejected);
            await system.Terminate();
        }

        using (var system = ActorSystem.Create("rejected-again", config))
        {
            var writer = system.ActorOf(Props.Create(() => new EventWriter("entity-1")));
            var recovered = await writer.Ask<EventWriter.History>(EventWriter.Recovered, Timeout);
            Assert.Equal(["before", "after"], recovered.Events);
            Assert.Equal(3L, recovered.LastSequenceNr);
            await system.Terminate();
        }
    }

    [Theory]
    [InlineData(DefaultTableMapping.PostgreSql)]
    [InlineData(DefaultTableMapping.Sqlite)]
    public async Task A_duplicate_sequence_number_fails_its_write(string provider)
    {
        var config = await ConfigAsync(typeof(SignalingSqlWriteJournal), provider);
        using var system = ActorSystem.Create("duplicate", config);
        // Both recover an empty history, so both number their next event 1.
        var first = system.ActorOf(Props.Create(() => new EventWriter("entity-1")));
        var second = system.ActorOf(Props.Create(() => new EventWriter("entity-1")));
        Assert.Equal(0L, await first.Ask<long>(EventWriter.Seq, Timeout));
        Assert.Equal(0L, await second.Ask<long>(EventWriter.Seq, Timeout));

        Assert.Equal(1L, await first.Ask<long>(new EventWriter.Persist(["first"]), Timeout));
        var failure = await second.Ask<EventWriter.Failed>(new EventWriter.Persist(["second"]), Timeout);
        if (provider == DefaultTableMapping.PostgreSql)
        {
            var duplicate = Assert.IsType<PostgresException>(failure.Cause);
            Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
            Assert.Equal("journal_uq", duplicate.ConstraintName);
        }
        else
        {
            var duplicate = Assert.IsType<SqliteException>(failure.Cause);
            Assert.Equal(SqliteUniqueViolation, duplicate.SqliteExtendedErrorCode);
            Assert.Contains("journal.persistence_id, journal.sequence_number", duplicate.Message);
        }

        // A failed write fails only its own call: the journal goes on with other entities.
        var other = system.ActorOf(Props.Create(() => new EventWriter("entity-2")));
        Assert.Equal(1L, await other.Ask<long>(new EventWriter.Persist(["other"]), Timeout));
        await system.Terminate();
        Assert.Equal(["entity-1:1", "entity-2:1"],
            (await JournalRowsAsync(config)).Select(r => $"{r.Stored.PersistenceId}:{r.Stored.SequenceNr}"));
    }

    // SQLITE_CONSTRAINT_UNIQUE
    private const int SqliteUniqueViolation = 2067;

    public void Dispose() => _directory.Dispose();

    private async Task<Config> ConfigAsync(Type journal, string provider)
    {
        var (connectionString, providerName) = provider == DefaultTableMapping.Sqlite
            ? ($"Data Source={Path.Combine(_directory.Path, $"journal-{Guid.NewGuid():N}.db")}", ProviderName.SQLiteMS)
            : (await postgres.CreateDatabaseAsync(), ProviderName.PostgreSQL15);
        return ConfigurationFactory.ParseString($$"""
            akka.loglevel = WARNING
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.journal.sql {
              class = "{{journal.AssemblyQualifiedName}}"
              connection-string = "{{connectionString}}"
              provider-name = "{{providerName}}"
              auto-initialize = on
              parallelism = 1
            }
            akka.persistence.snapshot-store.sql {
              connection-string = "{{connectionString}}"
              provider-name = "{{providerName}}"
              auto-initialize = on
            }
            """).WithFallback(SerializerHocon).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    private static Config JournalSection(Config config) =>
        config.GetConfig("akka.persistence.journal.sql").WithFallback(SqlPersistence.DefaultJournalConfiguration);

    private static NpgsqlDataSource DataSource(Config config) =>
        NpgsqlDataSource.Create(config.GetString("akka.persistence.journal.sql.connection-string"));

    /// <summary>The rows of a query, each as its column values, on whichever database the config names.</summary>
    private static async Task<List<object[]>> QueryAsync(Config config, string sql)
    {
        var connectionString = config.GetString("akka.persistence.journal.sql.connection-string");
        await using DbConnection connection = config.GetString("akka.persistence.journal.sql.provider-name") == ProviderName.SQLiteMS
            ? new SqliteConnection(connectionString)
            : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<List<JournalRow>> JournalRowsAsync(Config config) =>
        (await QueryAsync(config,
            "SELECT deleted, persistence_id, sequence_number, message, manifest, identifier, created, writer_uuid " +
            "FROM journal ORDER BY ordering"))
        .Select(row => new JournalRow(
            new StoredColumns(Convert.ToBoolean(row[0]), (string)row[1], Convert.ToInt64(row[2]),
                Convert.ToHexString((byte[])row[3]), row[4] as string, row[5] is DBNull ? null : Convert.ToInt32(row[5])),
            Convert.ToInt64(row[6]), (string)row[7]))
        .ToList();

    // The tag row points at the journal row of the same event.
    private static async Task<List<string>> TagRowsAsync(Config config) =>
        (await QueryAsync(config,
            "SELECT t.persistence_id || ':' || t.sequence_nr || ':' || t.tag FROM tags t " +
            "JOIN journal j ON j.ordering = t.ordering_id AND j.persistence_id = t.persistence_id " +
            "AND j.sequence_number = t.sequence_nr ORDER BY 1"))
        .Select(row => (string)row[0])
        .ToList();

    // A pooled connection's last statement stays visible in pg_stat_activity after the journal used it.
    private static async Task<bool> RanOurInsertAsync(Config config)
    {
        await using var dataSource = DataSource(config);
        await using var command = dataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() " +
            "AND query LIKE 'INSERT INTO journal %unnest(%')");
        return await command.ExecuteScalarAsync() is true;
    }

    private static Config SerializerHocon => ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.signaling = "{{TypeName(typeof(SignalingSerializer))}}"
          serialization-bindings {
            {{string.Join("\n", new[] { typeof(ISignalingMessage) }.Concat(SignalingSerializer.ProtocolTypes)
                .Select(t => $"\"{TypeName(t)}\" = signaling"))}}
          }
        }
        """);

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    private sealed record StoredColumns(
        bool Deleted, string PersistenceId, long SequenceNr, string Message, string? Manifest, int? Identifier);

    private sealed record JournalRow(StoredColumns Stored, long Created, string WriterUuid);

    /// <summary>Akka's default JSON serializer fails on it.</summary>
    private sealed class Unserializable
    {
        public int Value => throw new InvalidOperationException("not serializable");
    }

    /// <summary>Persists what it is given and answers with its sequence number, history or failure.</summary>
    private sealed class EventWriter : ReceivePersistentActor
    {
        public static readonly object Seq = "seq";
        public static readonly object Recovered = "recovered";

        private readonly List<object> _events = [];
        private IActorRef _replyTo = ActorRefs.Nobody;
        private Outcome? _outcome;
        private int _left;

        public EventWriter(string persistenceId)
        {
            PersistenceId = persistenceId;
            RecoverAny(e =>
            {
                if (e is not RecoveryCompleted) _events.Add(e);
            });
            Command<Persist>(persist =>
            {
                _replyTo = Sender;
                var left = persist.Events.Count;
                // One AtomicWrite of all the events.
                PersistAll(persist.Events, _ =>
                {
                    if (--left == 0) _replyTo.Tell(LastSequenceNr);
                });
            });
            Command<PersistEach>(persist =>
            {
                _replyTo = Sender;
                _outcome = new Outcome([], []);
                _left = persist.Events.Count;
                // One AtomicWrite per event, all sent in one journal call: the point of this command.
#pragma warning disable AK1006
                foreach (var e in persist.Events)
                {
                    Persist(e, done =>
                    {
                        _outcome.Persisted.Add(done);
                        Settle();
                    });
                }
#pragma warning restore AK1006
            });
            Command<DeleteTo>(delete =>
            {
                var replyTo = Sender;
                DeleteMessages(delete.SequenceNr);
                BecomeStacked(() =>
                {
                    Command<DeleteMessagesSuccess>(_ =>
                    {
                        UnbecomeStacked();
                        replyTo.Tell(LastSequenceNr);
                    });
                    Command<DeleteMessagesFailure>(f =>
                    {
                        UnbecomeStacked();
                        replyTo.Tell(new Status.Failure(f.Cause));
                    });
                });
            });
            Command<string>(query => Sender.Tell(query == (string)Recovered
                ? new History(_events.ToImmutableList(), LastSequenceNr)
                : LastSequenceNr));
        }

        public override string PersistenceId { get; }

        protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
        {
            _outcome?.Rejected.Add(@event);
            Settle();
        }

        protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
        {
            _replyTo.Tell(new Failed(cause));
            base.OnPersistFailure(cause, @event, sequenceNr);
        }

        private void Settle()
        {
            if (--_left == 0 && _outcome is not null) _replyTo.Tell(_outcome);
        }

        public sealed record Persist(IReadOnlyList<object> Events);

        public sealed record PersistEach(IReadOnlyList<object> Events);

        public sealed record DeleteTo(long SequenceNr);

        public sealed record History(IReadOnlyList<object> Events, long LastSequenceNr);

        public sealed record Outcome(List<object> Persisted, List<object> Rejected);

        public sealed record Failed(Exception Cause);
    }
}
