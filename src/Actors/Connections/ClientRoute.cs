using Akka.Actor;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Connections;

/// <summary>
/// How an entity reaches one client connection: straight to the client when it is connected to this node,
/// else through its <see cref="ConnectionActor"/>. One entity uses one route per connection, so its events
/// keep their order either way.
/// </summary>
public sealed class ClientRoute(IActorRef actor, ClientOutlet? outlet)
{
    public IActorRef Actor { get; } = actor;

    public static ClientRoute To(IActorRef connection, LocalClients? clients) => new(connection, clients?.Find(connection));

    public void Send(ConnectionCommands.Push push)
    {
        if (outlet is not null) outlet.Push(push);
        else Actor.Tell(push);
    }

    /// <summary>Sends the pushes, then the reply to <paramref name="replyTo"/> once they are on their way to the client.</summary>
    public void Redeliver(ConnectionCommands.Push[] pushes, SessionInfo reply, IActorRef replyTo)
    {
        if (outlet is null)
        {
            Actor.Tell(new ConnectionCommands.Redeliver(pushes, reply, replyTo));
            return;
        }

        foreach (var push in pushes) outlet.Push(push);
        replyTo.Tell(reply);
    }
}
