using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Sessions;

/// <summary>Session entities listing themselves for relays told to them directly, and the catch for any that still miss.</summary>
public sealed class SessionDirectRouteTests(ITestOutputHelper output) : SessionSpec(output)
{
    [Fact]
    public void A_session_is_listed_while_a_client_is_connected_and_not_once_the_last_one_dropped()
    {
        var sessions = new LocalSessions();
        var (session, hostConnection, guestConnection) = HostAndGuest(settings: Settings() with { Sessions = sessions });

        Assert.Equal(session, sessions.Find(SessionId));
        Drop(guestConnection, Guest, hostConnection);
        Assert.Equal(session, sessions.Find(SessionId));
        Sys.Stop(hostConnection.Ref);
        AwaitAssert(() => Assert.Null(sessions.Find(SessionId)));
    }

    [Fact]
    public void An_ended_session_is_not_listed()
    {
        var sessions = new LocalSessions();
        var (session, _, _) = HostAndGuest(settings: Settings() with { Sessions = sessions });

        session.Tell(new SessionCommands.Leave(SessionId, Host), TestActor);

        ExpectMsg<EmptyResult>();
        Assert.Null(sessions.Find(SessionId));
    }

    [Fact]
    public void A_session_leaves_the_list_when_it_hands_off_and_a_successor_is_listed_again()
    {
        var sessions = new LocalSessions();
        var settings = Settings() with { Sessions = sessions };
        var (session, _, _) = HostAndGuest(settings: settings);
        Watch(session);

        session.Tell(SessionCommands.HandOff.Instance);

        ExpectTerminated(session);
        Assert.Null(sessions.Find(SessionId));
        var recovered = NewSession(settings);
        ComeBack(recovered, Guest, Connection(), becomesHub: true);
        Assert.Equal(recovered, sessions.Find(SessionId));
    }

    [Fact]
    public void Removing_a_stopped_entity_leaves_its_successor_listed()
    {
        var sessions = new LocalSessions();
        var first = CreateTestProbe().Ref;
        var second = CreateTestProbe().Ref;
        sessions.Add(SessionId, first);
        sessions.Add(SessionId, second);

        sessions.Remove(SessionId, first);

        Assert.Equal(second, sessions.Find(SessionId));
    }

    [Fact]
    public void A_message_dead_lettered_at_an_entity_goes_on_through_the_region_with_its_sender()
    {
        var (region, entity, _) = ListeningRerouter();
        var asker = CreateTestProbe();
        var leave = new SessionCommands.Leave(SessionId, Guest);

        Sys.EventStream.Publish(new DeadLetter(leave, asker.Ref, entity));

        Assert.Equal(leave, region.ExpectMsg<SessionCommands.Leave>());
        Assert.Equal(asker.Ref, region.LastSender);
    }

    [Fact]
    public void What_the_region_or_a_shard_dead_lettered_and_other_messages_are_left_alone()
    {
        var (region, entity, relay) = ListeningRerouter();

        Sys.EventStream.Publish(new DeadLetter(relay, ActorRefs.Nobody, new FakeEntityRef(Sys, "/system/sharding/session")));
        Sys.EventStream.Publish(new DeadLetter(relay, ActorRefs.Nobody, new FakeEntityRef(Sys, "/system/sharding/session/7")));
        Sys.EventStream.Publish(new DeadLetter("not a session message", ActorRefs.Nobody, entity));
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>
    /// Starts a rerouter in front of a probe region. It subscribes as it starts, so a relay dead-lettered at an
    /// entity is published until one comes through: that shows it listens, and relays without a result are rerouted.
    /// </summary>
    private (TestProbe Region, IActorRef Entity, SessionCommands.Relay Relay) ListeningRerouter()
    {
        var region = CreateTestProbe();
        Sys.ActorOf(SessionDeadLetterRerouter.Props(region.Ref));
        var entity = new FakeEntityRef(Sys, "/system/sharding/session/7/" + SessionId);
        var relay = RelayCommand(Host, Guest) with { ResultWanted = false };
        AwaitAssert(() =>
        {
            Sys.EventStream.Publish(new DeadLetter(relay, ActorRefs.Nobody, entity));
            region.ExpectMsg<SessionCommands.Relay>(TimeSpan.FromMilliseconds(200));
        });
        region.ReceiveWhile(TimeSpan.FromMilliseconds(200), m => m);
        return (region, entity, relay);
    }

    /// <summary>An actor reference that only carries a path, to stand as a dead letter's recipient.</summary>
    private sealed class FakeEntityRef(ActorSystem system, string path) : MinimalActorRef
    {
        public override ActorPath Path { get; } = ActorPath.Parse(((ExtendedActorSystem)system).Provider.RootPath.Address + path);

        public override IActorRefProvider Provider { get; } = ((ExtendedActorSystem)system).Provider;
    }
}
