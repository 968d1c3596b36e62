using Akka.Actor;
using Akka.Cluster.Sharding;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Sessions;

/// <summary>What a session does when the waker starts it: see <see cref="SessionWaker"/>.</summary>
public sealed class SessionWakeTests(ITestOutputHelper output) : SessionSpec(output)
{
    [Fact]
    public void A_running_open_session_ignores_a_wake()
    {
        var shard = CreateTestProbe();
        var session = shard.ChildActorOf(SessionActor.Props(SessionId, Settings()));
        var hostConnection = Connection();
        Create(session, hostConnection);
        Join(session, Guest, Connection());
        var records = ReadModel.Records.Count;

        session.Tell(new SessionCommands.Wake(SessionId), TestActor);

        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        shard.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, Info(session).Participants.Length);
        Assert.Equal(records, ReadModel.Records.Count);
    }

    [Fact]
    public void An_open_session_woken_after_a_restart_ends_when_its_host_does_not_come_back()
    {
        var session = NewSession();
        Create(session, Connection());
        StopAndWait(session);

        var woken = NewSession(Settings(policy: TickingPolicy));
        woken.Tell(new SessionCommands.Wake(SessionId), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Clock.Advance(QuietPolicy.GracePeriod + TimeSpan.FromSeconds(1));

        AwaitAssert(() => Assert.Contains(ReadModel.Records,
            r => r is SessionEndedRecord { Reason: EndReason.TIMEOUT } ended && ended.SessionId == SessionId));
        var events = JournalOf("session-" + SessionId);
        Assert.Equal(EndReason.TIMEOUT, Assert.IsType<SessionEvents.Ended>(events[^1]).Reason);
    }

    [Fact]
    public void An_ended_session_woken_records_its_end_again_and_passivates()
    {
        var session = NewSession();
        Create(session, Connection());
        session.Tell(new SessionCommands.Leave(SessionId, Host), TestActor);
        ExpectMsg<EmptyResult>();
        var ended = Assert.Single(ReadModel.Records.OfType<SessionEndedRecord>());
        StopAndWait(session);

        var shard = CreateTestProbe();
        var woken = shard.ChildActorOf(SessionActor.Props(SessionId, Settings()));
        woken.Tell(new SessionCommands.Wake(SessionId), TestActor);

        Assert.Equal(SessionCommands.HandOff.Instance, shard.ExpectMsg<Passivate>().StopMessage);
        Assert.Equal([ended, ended], ReadModel.Records.OfType<SessionEndedRecord>());
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_wake_of_an_unknown_session_passivates_it_and_records_nothing()
    {
        var shard = CreateTestProbe();
        var session = shard.ChildActorOf(SessionActor.Props(SessionId, Settings()));

        session.Tell(new SessionCommands.Wake(SessionId), TestActor);

        Assert.Equal(SessionCommands.HandOff.Instance, shard.ExpectMsg<Passivate>().StopMessage);
        Assert.Empty(ReadModel.Records);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
