using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using SignalingAkka.Actors.Common;

namespace SignalingAkka.Host.Hubs;

/// <summary>Pushes actor events to SignalR clients of this node, and closes replaced connections.</summary>
public sealed class HubClientPusher(IHubContext<SignalingHub> hub) : IClientPusher
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new();

    public Task PushAsync(string connectionId, string method, object payload, CancellationToken cancellationToken) =>
        hub.Clients.Client(connectionId).SendAsync(method, payload, cancellationToken);

    public void Abort(string connectionId)
    {
        if (_open.TryGetValue(connectionId, out var context)) context.Abort();
    }

    public void Opened(HubCallerContext context) => _open[context.ConnectionId] = context;

    public void Closed(string connectionId) => _open.TryRemove(connectionId, out _);
}
