using Akka.Actor;
using Microsoft.AspNetCore.SignalR;
using SignalingAkka.Host.Auth;

namespace SignalingAkka.Host.Hubs;

/// <summary>What the hub knows about one connection, kept in <see cref="HubCallerContext.Items"/>.</summary>
public sealed class ConnectionContext(string fingerprint, string publicKey, bool registered, string deviceName)
{
    private const string ItemKey = "signaling";

    // Hub methods of this connection running now (SignalingHubFilter counts them): written by the invocation,
    // read by the connection's read loop (DirectRelayProtocol).
    private int _invocationsRunning;

    public string Fingerprint { get; } = fingerprint;
    public string PublicKey { get; } = publicKey;

    // SignalR runs one invocation per connection at a time, so these need no locking.
    public bool Registered { get; set; } = registered;
    public string DeviceName { get; set; } = deviceName;
    /// <summary>The connection's actor, made when it first enters a session; null before.</summary>
    public IActorRef? Actor { get; set; }

    /// <summary>The capability score last reported on this connection; null until the device sends capabilities.</summary>
    public int? Score { get; set; }

    /// <summary>Sessions this connection created, joined or rejoined and has not left: CapabilityUpdate re-elects their hubs.</summary>
    public HashSet<string> Sessions { get; } = [];

    public static ConnectionContext Create(HubCallerContext context)
    {
        var user = context.User ?? throw new InvalidOperationException("an unauthenticated connection reached the hub");
        string Claim(string type) => user.FindFirst(type)?.Value ?? "";
        var created = new ConnectionContext(Claim(SignalingClaims.Fingerprint), Claim(SignalingClaims.PublicKey),
            Claim(SignalingClaims.Registered) == "true", Claim(SignalingClaims.DeviceName));
        created.KeepIn(context.Items);
        return created;
    }

    /// <summary>Whether no hub method of this connection is running: a call read now would start at once.</summary>
    public bool NoInvocationRunning => Volatile.Read(ref _invocationsRunning) == 0;

    public void InvocationStarted() => Interlocked.Increment(ref _invocationsRunning);

    public void InvocationEnded() => Interlocked.Decrement(ref _invocationsRunning);

    /// <summary>Keeps this context in a connection's items, where <see cref="Of"/> and <see cref="Find"/> look.</summary>
    public void KeepIn(IDictionary<object, object?> items) => items[ItemKey] = this;

    public static ConnectionContext Of(HubCallerContext context) =>
        Find(context.Items) ?? throw new InvalidOperationException("connection context missing");

    /// <summary>The context kept in a connection's items (the same dictionary as <see cref="HubCallerContext.Items"/>); null before the hub's OnConnectedAsync.</summary>
    public static ConnectionContext? Find(IDictionary<object, object?> items) =>
        items.TryGetValue(ItemKey, out var value) ? value as ConnectionContext : null;
}
