using Akka.Actor;
using SignalingAkka.Actors.Common;

namespace SignalingAkka.Actors.Connections;

/// <summary>The parent of this node's connection actors: opens and closes them by SignalR connection id.</summary>
public sealed class ConnectionsActor : ReceiveActor
{
    public ConnectionsActor(IClientPusher pusher)
    {
        Receive<ConnectionCommands.Open>(open =>
        {
            var name = Uri.EscapeDataString(open.ConnectionId);
            var child = Context.Child(name);
            if (child.IsNobody())
                child = Context.ActorOf(ConnectionActor.Props(open.ConnectionId, pusher), name);
            Sender.Tell(child);
        });
        Receive<ConnectionCommands.Close>(close =>
        {
            var child = Context.Child(Uri.EscapeDataString(close.ConnectionId));
            if (!child.IsNobody()) Context.Stop(child);
        });
        Receive<ConnectionCommands.Count>(_ => Sender.Tell(Context.GetChildren().Count()));
    }

    public static Props Props(IClientPusher pusher) =>
        Akka.Actor.Props.Create(() => new ConnectionsActor(pusher));
}
