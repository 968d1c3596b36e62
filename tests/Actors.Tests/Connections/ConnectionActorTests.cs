using Akka.Actor;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Connections;

public sealed class ConnectionActorTests(ITestOutputHelper output) : ActorSpec(output)
{
    private static IActorRef Connect(ActorSystem system, RecordingPusher pusher, string connectionId = "conn-1") =>
        system.ActorOf(ConnectionActor.Props(new ClientOutlet(connectionId, pusher)));

    [Fact]
    public void Pushes_reach_the_client_in_the_order_they_were_sent()
    {
        var pusher = new RecordingPusher();
        var connection = Connect(Sys, pusher);

        for (var i = 1; i <= 200; i++)
            connection.Tell(new ConnectionCommands.Push(HubEvents.SdpOffer, new SdpEvent("s1", "peer", i, $"sdp {i}")));

        AwaitAssert(() => Assert.Equal(200, pusher.Pushes.Count));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), pusher.Pushes.Select(p => ((SdpEvent)p.Payload).Seq));
        Assert.All(pusher.Pushes, p => Assert.Equal(("conn-1", HubEvents.SdpOffer), (p.ConnectionId, p.Method)));
    }

    [Fact]
    public void Replace_aborts_the_client_connection_and_stops_the_actor()
    {
        var pusher = new RecordingPusher();
        var connection = Connect(Sys, pusher);
        Watch(connection);

        connection.Tell(new ConnectionCommands.Replace("a newer connection of this device"));

        ExpectTerminated(connection);
        Assert.Equal(["conn-1"], pusher.Aborts);
    }

    [Fact]
    public void A_redelivery_is_pushed_in_line_and_its_reply_is_sent_only_after_its_pushes()
    {
        var pusher = new RecordingPusher();
        var connection = Connect(Sys, pusher);
        var reply = new SessionInfo("s1", "AVNE-2345-6789", "CALL", "mesh", "FREE", 2, false, "h", "h", "active",
            "2030-01-01T00:00:00.000Z", null, [], 2);

        connection.Tell(Offer(1));
        connection.Tell(new ConnectionCommands.Redeliver([Offer(2), Offer(3)], reply, TestActor));
        connection.Tell(Offer(4));

        Assert.Same(reply, ExpectMsg<SessionInfo>());
        Assert.Equal([1L, 2L, 3L], pusher.Pushes.Take(3).Select(p => ((SdpEvent)p.Payload).Seq));
        AwaitAssert(() => Assert.Equal([1L, 2L, 3L, 4L], pusher.Pushes.Select(p => ((SdpEvent)p.Payload).Seq)));
    }

    private static ConnectionCommands.Push Offer(long seq) =>
        new(HubEvents.SdpOffer, new SdpEvent("s1", "peer", seq, $"sdp {seq}"));

}

public sealed class ConnectionsActorTests(ITestOutputHelper output) : ActorSpec(output)
{
    private int Count(IActorRef connections) => Reply<int>(connections, new ConnectionCommands.Count());

    [Fact]
    public void Opening_the_same_connection_id_twice_returns_the_same_actor()
    {
        var connections = Sys.ActorOf(ConnectionsActor.Props(new LocalClients(new RecordingPusher())));

        var first = Reply<IActorRef>(connections, new ConnectionCommands.Open("conn-1", Fp('a')));
        var again = Reply<IActorRef>(connections, new ConnectionCommands.Open("conn-1", Fp('a')));
        var other = Reply<IActorRef>(connections, new ConnectionCommands.Open("conn-2", Fp('b')));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(2, Count(connections));
    }

    [Fact]
    public void An_opened_connection_pushes_to_its_own_connection_id()
    {
        var pusher = new RecordingPusher();
        var connections = Sys.ActorOf(ConnectionsActor.Props(new LocalClients(pusher)));
        // SignalR ids may hold characters that are not valid in actor names.
        const string id = "x/y z+=";
        var connection = Reply<IActorRef>(connections, new ConnectionCommands.Open(id, Fp('a')));

        var left = new PeerLeftEvent("s1", Fp('b'), "LEFT");
        connection.Tell(new ConnectionCommands.Push(HubEvents.PeerLeft, left));

        AwaitAssert(() => Assert.Equal([new PushedEvent(id, HubEvents.PeerLeft, left)], pusher.Pushes));
    }

    [Fact]
    public void Close_stops_the_connection_actor_and_only_that_one()
    {
        var connections = Sys.ActorOf(ConnectionsActor.Props(new LocalClients(new RecordingPusher())));
        var first = Reply<IActorRef>(connections, new ConnectionCommands.Open("conn-1", Fp('a')));
        var second = Reply<IActorRef>(connections, new ConnectionCommands.Open("conn-2", Fp('b')));
        Watch(first);

        connections.Tell(new ConnectionCommands.Close("conn-1"));

        ExpectTerminated(first);
        AwaitAssert(() => Assert.Equal(1, Count(connections)));
        Assert.Equal(second, Reply<IActorRef>(connections, new ConnectionCommands.Open("conn-2", Fp('b'))));
    }

    [Fact]
    public void Closing_an_unknown_connection_changes_nothing()
    {
        var connections = Sys.ActorOf(ConnectionsActor.Props(new LocalClients(new RecordingPusher())));
        var first = Reply<IActorRef>(connections, new ConnectionCommands.Open("conn-1", Fp('a')));

        connections.Tell(new ConnectionCommands.Close("conn-404"));

        Assert.Equal(1, Count(connections));
        Assert.Equal(first, Reply<IActorRef>(connections, new ConnectionCommands.Open("conn-1", Fp('a'))));
    }

    [Fact]
    public void An_open_connection_is_a_local_client_until_its_actor_stops()
    {
        var pusher = new RecordingPusher();
        var clients = new LocalClients(pusher);
        var connections = Sys.ActorOf(ConnectionsActor.Props(clients));
        var open = Reply<IActorRef>(connections, new ConnectionCommands.Open("conn-1", Fp('a')));
        var replaced = Reply<IActorRef>(connections, new ConnectionCommands.Open("conn-2", Fp('b')));

        Assert.Equal("conn-1", clients.Find(open)?.ConnectionId);
        Assert.Null(clients.Find(CreateTestProbe().Ref));
        clients.Find(open)!.Push(new ConnectionCommands.Push(HubEvents.SessionEnded, new SessionEndedEvent("s1", "HOST_LEFT")));
        Assert.Equal("conn-1", Assert.Single(pusher.Pushes).ConnectionId);

        Watch(open);
        connections.Tell(new ConnectionCommands.Close("conn-1"));
        ExpectTerminated(open);
        Watch(replaced);
        replaced.Tell(new ConnectionCommands.Replace("a newer connection"));
        ExpectTerminated(replaced);
        AwaitAssert(() =>
        {
            Assert.Null(clients.Find(open));
            Assert.Null(clients.Find(replaced));
        });
    }

    [Fact]
    public void Count_is_zero_without_connections()
    {
        Assert.Equal(0, Count(Sys.ActorOf(ConnectionsActor.Props(new LocalClients(new RecordingPusher())))));
    }
}
