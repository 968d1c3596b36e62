using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections.Client;

namespace SignalingAkka.Tests.Support;

/// <summary>Opens SignalR's WebSockets itself so a test can kill the current one without a close handshake.</summary>
public sealed class AbortableWebSockets
{
    private ClientWebSocket? _current;

    public async ValueTask<WebSocket> OpenAsync(WebSocketConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        if (context.Options.AccessTokenProvider is { } tokens && await tokens() is { } token)
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await socket.ConnectAsync(context.Uri, cancellationToken);
        _current = socket;
        return socket;
    }

    /// <summary>Drops the connection as a network failure would: no close frame, the TCP connection reset.</summary>
    public void Abort() => _current?.Abort();
}
