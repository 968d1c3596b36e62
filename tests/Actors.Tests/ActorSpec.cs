using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Connections;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests;

/// <summary>A TestKit with in-memory persistence, a manual clock and reply helpers.</summary>
public abstract class ActorSpec(ITestOutputHelper output) : TestKit(SpecConfig, output)
{
    private const string SpecConfig = """
        akka.loglevel = INFO
        akka.test.single-expect-default = 10s
        akka.test.default-timeout = 10s
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.locked"
        akka.persistence.snapshot-store.locked.class = "SignalingAkka.Actors.Tests.LockedSnapshotStore, SignalingAkka.Actors.Tests"
        """;

    protected static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Entities never passivate during a test.</summary>
    protected static readonly EntitySettings Entity = new(100, TimeSpan.FromHours(1));

    /// <summary>Every event is followed by a snapshot, so recovery goes through the snapshot store.</summary>
    protected static readonly EntitySettings SnapshotEveryEvent = new(1, TimeSpan.FromHours(1));

    protected ManualClock Clock { get; } = new(Start);

    protected RecordingReadModel ReadModel { get; } = new();

    /// <summary>A 64-hex-char fingerprint made of one repeated character.</summary>
    protected static string Fp(char c) => new(c, 64);

    /// <summary>Sends a message from the test actor and expects the next reply to be a <typeparamref name="T"/>.</summary>
    protected T Reply<T>(IActorRef target, object message)
    {
        target.Tell(message, TestActor);
        var reply = ExpectMsg<object>();
        Assert.True(reply is T, $"expected a {typeof(T).Name}, got {reply}");
        return (T)reply;
    }

    protected CommandRejected Rejected(IActorRef target, object message, string code)
    {
        var rejected = Reply<CommandRejected>(target, message);
        Assert.Equal(code, rejected.Code);
        return rejected;
    }

    /// <summary>Stops an actor with a PoisonPill and waits until it is gone.</summary>
    protected void StopAndWait(IActorRef actor)
    {
        var watcher = CreateTestProbe();
        watcher.Watch(actor);
        actor.Tell(PoisonPill.Instance);
        watcher.ExpectTerminated(actor);
    }

    /// <summary>Every event written for a persistence id, in order, read back from the journal.</summary>
    protected IReadOnlyList<object> JournalOf(string persistenceId)
    {
        var reader = CreateTestProbe();
        Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null)
            .Tell(new ReplayMessages(0, long.MaxValue, long.MaxValue, persistenceId, reader.Ref));
        var events = new List<object>();
        while (reader.ExpectMsg<object>() is ReplayedMessage replayed) events.Add(replayed.Persistent.Payload);
        return events;
    }

    /// <summary>The next message of a connection probe must be a push of this method with this payload type.</summary>
    protected static T ExpectPush<T>(TestProbe connection, string method)
    {
        var push = connection.ExpectMsg<ConnectionCommands.Push>();
        Assert.Equal(method, push.Method);
        return Assert.IsType<T>(push.Payload);
    }
}
