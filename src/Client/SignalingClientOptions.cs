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

    public bool AutomaticReconnect { get; init; } = true;

    /// <summary>The time access tokens and rejoin signatures are made at.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Wraps SignalR's HTTP handler, e.g. to reach an in-memory test server.</summary>
    public Func<HttpMessageHandler, HttpMessageHandler>? HttpMessageHandlerFactory { get; init; }

    public Action<ILoggingBuilder>? Logging { get; init; }
}
