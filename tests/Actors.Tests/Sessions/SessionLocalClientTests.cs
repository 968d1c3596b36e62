using Akka.Actor;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Sessions;

/// <summary>Relays whose sender wants no result, and sessions writing straight to clients of their own node.</summary>
public sealed class SessionLocalClientTests(ITestOutputHelper output) : SessionSpec(output)
{
    [Fact]
    public void A_relay_without_a_result_is_delivered_and_nothing_is_answered_even_an_error()
    {
        var (session, _, guestConnection) = HostAndGuest();

        session.Tell(RelayCommand(Host, Guest, body: "quiet") with { ResultWanted = false }, TestActor);
        session.Tell(RelayCommand(Third, Guest) with { ResultWanted = false }, TestActor);
        session.Tell(RelayCommand(Host, Third) with { ResultWanted = false }, TestActor);
        session.Tell(RelayCommand(Host, Host) with { ResultWanted = false }, TestActor);

        Assert.Equal(new SdpEvent(SessionId, Host, 1, "quiet"), ExpectPush<SdpEvent>(guestConnection, HubEvents.SdpOffer));
        Assert.Equal(2, ExpectNothingBefore(session, Host, Guest, guestConnection).Seq);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_relay_without_a_result_to_an_ended_session_is_answered_to_nobody()
    {
        var session = NewSession();

        session.Tell(RelayCommand(Host, Guest) with { ResultWanted = false }, TestActor);

        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Events_for_a_client_of_this_node_are_written_to_it_directly_and_in_order()
    {
        var pusher = new RecordingPusher();
        var clients = new LocalClients(pusher);
        var hostConnection = Connection();
        var guestConnection = Connection();
        clients.Add(guestConnection.Ref, new ClientOutlet("guest-conn", pusher));
        var session = NewSession(Settings() with { Clients = clients });
        Create(session, hostConnection);
        Join(session, Guest, guestConnection);
        ExpectPush<PeerJoinedEvent>(hostConnection, HubEvents.PeerJoined);

        for (var i = 1; i <= 50; i++) session.Tell(RelayCommand(Host, Guest, body: $"sdp {i}") with { ResultWanted = false });
        Assert.Equal(new RelayResult(true, false), Relay(session, Guest, Host, body: "back"));

        // The host's connection is not one of this node's clients: its event still goes through its actor.
        Assert.Equal("back", ExpectPush<SdpEvent>(hostConnection, HubEvents.SdpOffer).Sdp);
        AwaitAssert(() => Assert.Equal(50, pusher.Pushes.Count));
        Assert.All(pusher.Pushes, p => Assert.Equal(("guest-conn", HubEvents.SdpOffer), (p.ConnectionId, p.Method)));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), pusher.Pushes.Select(p => ((SdpEvent)p.Payload).Seq));
        guestConnection.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_rejoin_on_a_client_of_this_node_writes_what_was_missed_before_the_reply()
    {
        var pusher = new RecordingPusher();
        var clients = new LocalClients(pusher);
        var (session, hostConnection, guestConnection) = HostAndGuest(settings: Settings() with { Clients = clients });
        Relay(session, Host, Guest, body: "one");
        Relay(session, Host, Guest, body: "two");
        Drop(guestConnection, Guest, hostConnection);
        Assert.Equal(new RelayResult(false, true), Relay(session, Host, Guest, body: "three"));
        var comeBack = Connection();
        clients.Add(comeBack.Ref, new ClientOutlet("guest-again", pusher));

        session.Tell(new SessionCommands.Rejoin(SessionId, Entrant(Guest, comeBack, null), 1), TestActor);
        var info = ExpectMsg<SessionInfo>();
        var pushedBeforeReply = pusher.Pushes;

        Assert.Equal(2, info.Redelivered);
        Assert.Equal([("guest-again", "two", 2L), ("guest-again", "three", 3L)],
            pushedBeforeReply.Select(p => (p.ConnectionId, ((SdpEvent)p.Payload).Sdp, ((SdpEvent)p.Payload).Seq)));
        comeBack.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
