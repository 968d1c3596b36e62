using Akka.Actor;

namespace SignalingAkka.Actors.Connections;

/// <summary>
/// The parent of this node's connection actors: opens and closes them by SignalR connection id, and keeps
/// <see cref="LocalClients"/> in step so sessions on this node can write to the clients directly.
/// </summary>
public sealed class ConnectionsActor : ReceiveActor
{
    public ConnectionsActor(LocalClients clients)
    {
        Receive<ConnectionCommands.Open>(open =>
        {
            var name = Uri.EscapeDataString(open.ConnectionId);
            var child = Context.Child(name);
            if (child.IsNobody())
            {
                var outlet = new ClientOutlet(open.ConnectionId, clients.Pusher);
                child = Context.Watch(Context.ActorOf(ConnectionActor.Props(outlet), name));
                clients.Add(child, outlet);
            }

            Sender.Tell(child);
        });
        Receive<ConnectionCommands.Close>(close =>
        {
            var child = Context.Child(Uri.EscapeDataString(close.ConnectionId));
            if (!child.IsNobody()) Context.Stop(child);
        });
        // Closed, replaced or failed: either way the client is no longer written to directly.
        Receive<Terminated>(terminated => clients.Remove(terminated.ActorRef));
        Receive<ConnectionCommands.Count>(_ => Sender.Tell(Context.GetChildren().Count()));
    }

    public static Props Props(LocalClients clients) => Akka.Actor.Props.Create(() => new ConnectionsActor(clients));
}
