using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using SignalingAkka.Protocol;

namespace SignalingAkka.Client;

public sealed class SignalingClientOptions
{
    /// <summary>The server's base address; the hub is at <c>{ServerUrl}/signaling</c>.</summary>
    public required Uri ServerUrl { get; init; }

    /// <summary>The device's Ed25519 key; owned by the caller, who disposes it after the client.</summary>
    public required DeviceKeyPair Key { get; init; }

    /// <summary>64 lowercase hex chars, see <see cref="Fingerprints.Compute"/>.</summary>
    public required string Fingerprint { get; init; }

    public WireProtocol Protocol { get; init; } = WireProtocol.Json;

    /// <summary>Whether SignalR reconnects by itself after a drop, on <see cref="ReconnectPolicy"/>'s schedule.</summary>
    public bool AutomaticReconnect { get; init; } = true;

    /// <summary>When to try reconnecting; by default <see cref="ReconnectDelays"/>, about 5 minutes in all.</summary>
    public IRetryPolicy ReconnectPolicy { get; init; } = new ReconnectDelays();

    /// <summary>
    /// After an automatic reconnect, rejoin every session the client is in with the highest seq it saw,
    /// reporting each as <see cref="SignalingClient.SessionRejoined"/> or <see cref="SignalingClient.SessionLost"/>.
    /// Off, the application rejoins itself (<see cref="SignalingClient.Sessions"/>, <see cref="SignalingClient.LastSeq"/>).
    /// </summary>
    public bool AutoRejoin { get; init; } = true;

    /// <summary>The time access tokens and rejoin signatures are made at, and the clock of the rejoin backoff.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Wraps SignalR's HTTP handler, e.g. to reach an in-memory test server.</summary>
    /// <summary>Opens the WebSocket instead of SignalR's default, e.g. to keep a handle on it in tests.</summary>
    public Func<Microsoft.AspNetCore.Http.Connections.Client.WebSocketConnectionContext, CancellationToken,
        ValueTask<System.Net.WebSockets.WebSocket>>? WebSocketFactory { get; init; }

    public Func<HttpMessageHandler, HttpMessageHandler>? HttpMessageHandlerFactory { get; init; }

    /// <summary>Logging of SignalR and of the client's own rejoins.</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }
}
