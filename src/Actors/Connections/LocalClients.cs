using System.Collections.Concurrent;
using Akka.Actor;
using SignalingAkka.Actors.Common;

namespace SignalingAkka.Actors.Connections;

/// <summary>
/// The connection actors of this node and the clients behind them. A session on the same node writes to
/// such a client directly instead of through its actor; the actor still stands for the connection in
/// watches, on other nodes and for <see cref="ConnectionCommands.Replace"/>.
/// </summary>
public sealed class LocalClients(IClientPusher pusher)
{
    private readonly ConcurrentDictionary<IActorRef, ClientOutlet> _outlets = new();

    public IClientPusher Pusher { get; } = pusher;

    public void Add(IActorRef connection, ClientOutlet outlet) => _outlets[connection] = outlet;

    public void Remove(IActorRef connection) => _outlets.TryRemove(connection, out _);

    /// <summary>The client of a connection actor of this node, or null for any other actor.</summary>
    public ClientOutlet? Find(IActorRef connection) => _outlets.GetValueOrDefault(connection);
}

/// <summary>One client connection of this node, written to directly; pushes go out in call order.</summary>
public sealed class ClientOutlet(string connectionId, IClientPusher pusher)
{
    public string ConnectionId { get; } = connectionId;

    public void Push(ConnectionCommands.Push push) => pusher.Push(ConnectionId, push.Method, push.Payload);

    /// <summary>Closes the client's connection from the server side.</summary>
    public void Abort() => pusher.Abort(ConnectionId);
}
