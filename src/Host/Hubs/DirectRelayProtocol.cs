using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using SignalingAkka.Actors.Hosting;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Hubs;

/// <summary>
/// One connection's hub protocol: reads with the shared protocol and hands each relay sent without an
/// invocation id to its session as soon as it is read, instead of passing it through SignalR's invocation of a
/// hub method (a service scope, a hub instance, the filters, the method executor and the call queue; about 8 %
/// of the daemon's CPU per relayed message). Such a relay has no result for anyone, so nothing about the call
/// changes for the client.
/// </summary>
/// <remarks>
/// A relay is left to the hub method, unchanged, when the connection is not registered, when one of its
/// calls is still running (SignalR runs a connection's calls one after another, so a relay sent behind a
/// JoinSession waits for the join), or when a field fails its check (the hub method fails it the same way
/// and SignalR logs it). A relay taken here is replaced by <see cref="Relayed"/>, a call of no hub method,
/// which SignalR drops.
/// </remarks>
public sealed class DirectRelayProtocol(IHubProtocol shared, SignalingGateway gateway, DirectRelayCount count) : IHubProtocol
{
    /// <summary>What the read loop gets in place of a relay taken here; no hub method has this name.</summary>
    public static readonly InvocationMessage Relayed = new(null, "#relayed", []);

    private IDictionary<object, object?>? _items;
    private ConnectionContext? _connection;

    public string Name => shared.Name;

    public int Version => shared.Version;

    public TransferFormat TransferFormat => shared.TransferFormat;

    /// <summary>The connection's items, where the hub keeps its <see cref="ConnectionContext"/>; before this, nothing is taken.</summary>
    public void Attach(IDictionary<object, object?> items) => _items = items;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder,
        [NotNullWhen(true)] out HubMessage? message)
    {
        if (!shared.TryParseMessage(ref input, binder, out message)) return false;
        if (message is InvocationMessage { InvocationId: null } invocation && TryRelay(invocation)) message = Relayed;
        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => shared.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => shared.GetMessageBytes(message);

    public bool IsVersionSupported(int version) => shared.IsVersionSupported(version);

    private bool TryRelay(InvocationMessage invocation)
    {
        if (invocation.Arguments is not [var argument]) return false;
        if (Connection() is not { Registered: true, NoInvocationRunning: true } connection) return false;

        SessionCommands.Relay? relay;
        try
        {
            relay = (invocation.Target, argument) switch
            {
                (RelayWithoutResultProtocol.IceCandidateTarget, IceCandidateRequest ice) =>
                    RelayRequests.Ice(ice, connection.Fingerprint, resultWanted: false),
                (RelayWithoutResultProtocol.SdpOfferTarget, SdpRequest sdp) =>
                    RelayRequests.Sdp(sdp, SignalKind.Offer, connection.Fingerprint, resultWanted: false),
                (RelayWithoutResultProtocol.SdpAnswerTarget, SdpRequest sdp) =>
                    RelayRequests.Sdp(sdp, SignalKind.Answer, connection.Fingerprint, resultWanted: false),
                _ => null,
            };
        }
        catch (HubException)
        {
            return false;
        }

        if (relay is null) return false;
        gateway.Relay(relay);
        count.Taken();
        return true;
    }

    private ConnectionContext? Connection() => _connection ??= _items is { } items ? ConnectionContext.Find(items) : null;
}

/// <summary>How many relays <see cref="DirectRelayProtocol"/> took on this node.</summary>
public sealed class DirectRelayCount
{
    private long _taken;

    public long Value => Interlocked.Read(ref _taken);

    public void Taken() => Interlocked.Increment(ref _taken);
}

/// <summary>
/// Gives each connection its own <see cref="DirectRelayProtocol"/> around the registered protocol it asked
/// for, chosen as SignalR's own resolver chooses (by name, among the hub's supported protocols when it lists
/// them). The gateway is taken from the container at the first connection, as the hub takes it: SignalR may
/// build its connection handler before the actor system has started.
/// </summary>
public sealed class DirectRelayProtocolResolver(IEnumerable<IHubProtocol> protocols, IServiceProvider services, DirectRelayCount count)
    : IHubProtocolResolver
{
    private readonly IReadOnlyList<IHubProtocol> _protocols = protocols.ToList();
    private readonly Lazy<SignalingGateway> _gateway = new(services.GetRequiredService<SignalingGateway>);

    public IReadOnlyList<IHubProtocol> AllProtocols => _protocols;

    public IHubProtocol? GetProtocol(string protocolName, IReadOnlyList<string>? supportedProtocols)
    {
        if (supportedProtocols is not null && !supportedProtocols.Contains(protocolName, StringComparer.OrdinalIgnoreCase)) return null;
        var shared = _protocols.FirstOrDefault(p => string.Equals(p.Name, protocolName, StringComparison.OrdinalIgnoreCase));
        return shared is null ? null : new DirectRelayProtocol(shared, _gateway.Value, count);
    }
}
