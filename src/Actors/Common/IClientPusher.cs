using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Common;

/// <summary>Sends server events to client connections of this node; the Host implements it over SignalR.</summary>
public interface IClientPusher
{
    /// <summary>
    /// Queues one event for the client without waiting: events pushed to one connection go out in the order
    /// of the calls. Never throws; a connection that cannot be written is closed, and its actor stops.
    /// </summary>
    void Push(string connectionId, string method, IServerEvent payload);

    /// <summary>Closes a client's connection from the server side (used when a newer connection replaces it).</summary>
    void Abort(string connectionId);
}
