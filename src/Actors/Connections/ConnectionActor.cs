using Akka.Actor;
using Akka.Event;

using SignalingAkka.Actors.Common;

namespace SignalingAkka.Actors.Connections;

/// <summary>
/// Stands for one SignalR connection on the node the client reached. Sessions and devices hold its
/// <see cref="IActorRef"/> and watch it; events sent to it go to the client in the order it receives them
/// (the client outlet keeps call order). Sessions on this node write to the outlet directly.
/// </summary>
public sealed class ConnectionActor : ReceiveActor
{
    public ConnectionActor(ClientOutlet outlet)
    {
        Receive<ConnectionCommands.Push>(outlet.Push);
        Receive<ConnectionCommands.Redeliver>(redeliver =>
        {
            foreach (var push in redeliver.Pushes) outlet.Push(push);
            redeliver.ReplyTo.Tell(redeliver.Reply);
        });
        Receive<ConnectionCommands.Replace>(replace =>
        {
            Context.GetLogger().Info("Connection {ConnectionId} replaced: {Reason}", outlet.ConnectionId, replace.Reason);
            outlet.Abort();
            Context.Stop(Self);
        });
    }

    public static Props Props(ClientOutlet outlet) => ConstructorProps.For(() => new ConnectionActor(outlet));
}
