using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql;
using SignalingAkka.Host.Akka;
using LinqToDB;
using SignalingAkka.Integration.Tests.Infrastructure;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.Persistence;

/// <summary>
/// The daemon's journal answers "highest sequence number", and its snapshot store "is there any snapshot",
/// with queries of their own on PostgreSQL and SQLite: entities that recover after writes, deletes, snapshots and
/// restarts must carry on exactly where they left off.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class JournalHighestSequenceTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData(DefaultTableMapping.PostgreSql)]
    [InlineData(DefaultTableMapping.Sqlite)]
    public async Task Entities_recover_their_sequence_numbers_through_the_daemons_journal(string provider)
    {
        var config = await ConfigAsync(provider);
        Assert.True(SignalingSqlWriteJournal.UsesDefaultMapping(
            config.GetConfig("akka.persistence.journal.sql").WithFallback(SqlPersistence.DefaultJournalConfiguration), provider, out _));
        Assert.True(SignalingSqlSnapshotStore.UsesDefaultMapping(
            config.GetConfig("akka.persistence.snapshot-store.sql").WithFallback(SqlPersistence.DefaultSnapshotConfiguration), provider, out _));

        using (var system = ActorSystem.Create("journal-first", config))
        {
            var fresh = system.ActorOf(Props.Create(() => new Counter("fresh")));
            Assert.Equal(0L, await fresh.Ask<long>(Counter.Seq, Timeout));

            var entity = system.ActorOf(Props.Create(() => new Counter("entity")));
            Assert.Equal(3L, await entity.Ask<long>(new Counter.Add(3), Timeout));
            // The whole history deleted: the journal keeps the highest number, the next event is 4, not 1.
            Assert.Equal(3L, await entity.Ask<long>(new Counter.DeleteTo(3), Timeout));

            var snapshotted = system.ActorOf(Props.Create(() => new Counter("snapshotted")));
            Assert.Equal(2L, await snapshotted.Ask<long>(new Counter.Add(2), Timeout));
            var saved = await global::Akka.Persistence.Persistence.Instance.Apply(system).SnapshotStoreFor(null)
                .Ask<object>(new SaveSnapshot(new SnapshotMetadata("counter-snapshotted", 2, DateTime.UtcNow), "2"), Timeout);
            Assert.IsType<SaveSnapshotSuccess>(saved);
            Assert.Equal(3L, await snapshotted.Ask<long>(new Counter.Add(1), Timeout));
            await system.Terminate();
        }

        using (var system = ActorSystem.Create("journal-second", config))
        {
            var entity = system.ActorOf(Props.Create(() => new Counter("entity")));
            Assert.Equal(3L, await entity.Ask<long>(Counter.Seq, Timeout));
            Assert.Equal(5L, await entity.Ask<long>(new Counter.Add(2), Timeout));
            await system.Terminate();
        }

        using (var system = ActorSystem.Create("journal-third", config))
        {
            var entity = system.ActorOf(Props.Create(() => new Counter("entity")));
            Assert.Equal(5L, await entity.Ask<long>(Counter.Seq, Timeout));
            var other = system.ActorOf(Props.Create(() => new Counter("other")));
            Assert.Equal(0L, await other.Ask<long>(Counter.Seq, Timeout));
            Assert.Equal(-1L, await other.Ask<long>(Counter.SnapshotOffered, Timeout));

            // Recovery starts from the snapshot (taken at 2) and replays the one event after it.
            var snapshotted = system.ActorOf(Props.Create(() => new Counter("snapshotted")));
            Assert.Equal(2L, await snapshotted.Ask<long>(Counter.SnapshotOffered, Timeout));
            Assert.Equal(3L, await snapshotted.Ask<long>(Counter.Seq, Timeout));
            await system.Terminate();
        }
    }

    [Theory]
    [InlineData(DefaultTableMapping.PostgreSql)]
    [InlineData(DefaultTableMapping.Sqlite)]
    public async Task Many_entities_recovering_at_once_each_carry_on_from_their_own_history(string provider)
    {
        var config = await ConfigAsync(provider);
        // Entity i has i events; every third has a snapshot at its second event; the last few have none at all.
        const int entities = 60;
        using (var system = ActorSystem.Create("many-first", config))
        {
            var snapshots = global::Akka.Persistence.Persistence.Instance.Apply(system).SnapshotStoreFor(null);
            await Task.WhenAll(Enumerable.Range(0, entities - 5).Select(async i =>
            {
                var entity = system.ActorOf(Props.Create(() => new Counter("many-" + i)));
                if (i == 0) return;
                Assert.Equal((long)i, await entity.Ask<long>(new Counter.Add(i), Timeout));
                if (i % 3 != 0 || i < 2) return;
                var saved = await snapshots.Ask<object>(
                    new SaveSnapshot(new SnapshotMetadata("counter-many-" + i, 2, DateTime.UtcNow), "2"), Timeout);
                Assert.IsType<SaveSnapshotSuccess>(saved);
            }));
            await system.Terminate();
        }

        using (var system = ActorSystem.Create("many-second", config))
        {
            var recovered = await Task.WhenAll(Enumerable.Range(0, entities).Select(async i =>
            {
                var entity = system.ActorOf(Props.Create(() => new Counter("many-" + i)));
                return (Seq: await entity.Ask<long>(Counter.Seq, Timeout),
                    Offered: await entity.Ask<long>(Counter.SnapshotOffered, Timeout),
                    Next: await entity.Ask<long>(new Counter.Add(1), Timeout));
            }));
            for (var i = 0; i < entities; i++)
            {
                var events = i < entities - 5 ? i : 0;
                Assert.Equal((events, i % 3 == 0 && i >= 2 && events > 0 ? 2L : -1L, events + 1L), recovered[i]);
            }

            await system.Terminate();
        }
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public void Dispose() => _directory.Dispose();

    private async Task<Config> ConfigAsync(string provider)
    {
        var (connectionString, providerName) = provider == DefaultTableMapping.Sqlite
            ? ($"Data Source={Path.Combine(_directory.Path, "journal.db")}", ProviderName.SQLiteMS)
            : (await postgres.CreateDatabaseAsync(), ProviderName.PostgreSQL15);
        return ConfigurationFactory.ParseString($$"""
            akka.loglevel = WARNING
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.journal.sql {
              class = "{{typeof(SignalingSqlWriteJournal).AssemblyQualifiedName}}"
              connection-string = "{{connectionString}}"
              provider-name = "{{providerName}}"
              auto-initialize = on
            }
            akka.persistence.snapshot-store.sql {
              connection-string = "{{connectionString}}"
              provider-name = "{{providerName}}"
              class = "{{typeof(SignalingSqlSnapshotStore).AssemblyQualifiedName}}"
              auto-initialize = on
            }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>Persists numbered events on request and answers with its last sequence number.</summary>
    private sealed class Counter : ReceivePersistentActor
    {
        public static readonly object Seq = "seq";
        public static readonly object SnapshotOffered = "snapshot-offered";

        private long _offered = -1;

        public Counter(string id)
        {
            PersistenceId = "counter-" + id;
            Recover<SnapshotOffer>(offer => _offered = long.Parse((string)offer.Snapshot));
            Recover<int>(_ => { });
            Command<Add>(add =>
            {
                var replyTo = Sender;
                var left = add.Count;
                PersistAll(Enumerable.Range(1, add.Count), _ =>
                {
                    if (--left == 0) replyTo.Tell(LastSequenceNr);
                });
            });
            Command<DeleteTo>(delete =>
            {
                var replyTo = Sender;
                DeleteMessages(delete.SequenceNr);
                Become(() =>
                {
                    Command<DeleteMessagesSuccess>(_ => replyTo.Tell(LastSequenceNr));
                    Command<DeleteMessagesFailure>(f => replyTo.Tell(new Status.Failure(f.Cause)));
                });
            });
            Command<string>(query =>
            {
                if (query == (string)SnapshotOffered)
                {
                    Sender.Tell(_offered);
                }
                else
                {
                    Sender.Tell(LastSequenceNr);
                }
            });
        }

        public override string PersistenceId { get; }

        public sealed record Add(int Count);

        public sealed record DeleteTo(long SequenceNr);
    }
}
