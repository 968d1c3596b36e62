using Akka.Actor;
using Microsoft.AspNetCore.SignalR;
using SignalingAkka.Host.Auth;

namespace SignalingAkka.Host.Hubs;

/// <summary>What the hub knows about one connection, kept in <see cref="HubCallerContext.Items"/>.</summary>
public sealed class ConnectionContext(string fingerprint, string publicKey, bool registered, string deviceName)
{
    private const string ItemKey = "signaling";

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
        context.Items[ItemKey] = created;
        return created;
    }

    public static ConnectionContext Of(HubCallerContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) && value is ConnectionContext c
            ? c
            : throw new InvalidOperationException("connection context missing");
}
