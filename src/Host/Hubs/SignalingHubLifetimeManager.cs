using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace SignalingAkka.Host.Hubs;

/// <summary>
/// SignalR's own connection bookkeeping for the signaling hub, plus a lookup of each connection by id, so
/// <see cref="HubClientPusher"/> writes an event straight into the connection's output instead of
/// serializing it into a buffer of its own first, as sending through <see cref="IHubContext{THub}"/> does.
/// It also shows each connection's <see cref="DirectRelayProtocol"/> where the hub will keep the connection's context.
/// </summary>
public sealed class SignalingHubLifetimeManager(ILogger<DefaultHubLifetimeManager<SignalingHub>> logger)
    : DefaultHubLifetimeManager<SignalingHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _connections = new(StringComparer.Ordinal);

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections[connection.ConnectionId] = connection;
        if (connection.Protocol is DirectRelayProtocol direct) direct.Attach(connection.Items);
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }

    /// <summary>The open connection with this id, or null once it has closed.</summary>
    public HubConnectionContext? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);
}
