using Akka.Actor;
using SignalingAkka.Actors.Common;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Connections;

public static class ConnectionCommands
{
    /// <summary>Send one event to this connection's client, after every event sent before it.</summary>
    public sealed record Push(string Method, IServerEvent Payload) : ISignalingMessage;

    /// <summary>
    /// Send these events, then tell <paramref name="ReplyTo"/> the reply: a rejoin's result must reach the
    /// client after the messages it redelivers, and both travel through this actor's ordered pump.
    /// </summary>
    public sealed record Redeliver(Push[] Pushes, SessionInfo Reply, IActorRef ReplyTo) : ISignalingMessage;

    /// <summary>A newer connection of the same device replaced this one: close it.</summary>
    public sealed record Replace(string Reason) : ISignalingMessage;

    /// <summary>Local to a node: create the actor of a new SignalR connection. Replies its <see cref="IActorRef"/>.</summary>
    public sealed record Open(string ConnectionId, string Fingerprint);

    /// <summary>Local to a node: the SignalR connection is gone; its actor stops and watchers learn it.</summary>
    public sealed record Close(string ConnectionId);

    /// <summary>Local to a node: how many connection actors are alive. Replies <see cref="int"/>.</summary>
    public sealed record Count;
}
