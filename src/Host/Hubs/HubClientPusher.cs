using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using SignalingAkka.Actors.Common;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Hubs;

/// <summary>Pushes actor events to SignalR clients of this node, and closes replaced connections.</summary>
public sealed class HubClientPusher(SignalingHubLifetimeManager connections, ILogger<HubClientPusher> logger) : IClientPusher
{
    public void Push(string connectionId, string method, IServerEvent payload)
    {
        // A closed connection takes nothing more: its sessions hold events for it until the device rejoins.
        if (connections.Find(connectionId) is not { } connection) return;

        // One connection's writes go out in the order of these calls: a write that cannot take the
        // connection's lock at once queues for it, first come first served.
        ValueTask sent;
        try
        {
            sent = connection.WriteAsync(new InvocationMessage(method, [payload]));
        }
        catch (Exception e)
        {
            Failed(connectionId, method, e);
            return;
        }

        if (!sent.IsCompletedSuccessfully) _ = ObserveAsync(sent, connectionId, method);
    }

    public void Abort(string connectionId) => connections.Find(connectionId)?.Abort();

    private async Task ObserveAsync(ValueTask sent, string connectionId, string method)
    {
        try
        {
            await sent.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Failed(connectionId, method, e);
        }
    }

    /// <summary>A client that cannot be written to is closed: its sessions then hold its events until it rejoins.</summary>
    private void Failed(string connectionId, string method, Exception e)
    {
        logger.LogWarning(e, "Push of {Method} to connection {ConnectionId} failed; closing it", method, connectionId);
        Abort(connectionId);
    }
}
