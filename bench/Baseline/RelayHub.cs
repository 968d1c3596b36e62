using System.Collections.Concurrent;
using System.Runtime.Serialization;
using Microsoft.AspNetCore.SignalR;

namespace SignalingAkka.Bench.Baseline;

/// <summary>
/// The payload the benchmark relays: an ICE candidate, as in the daemon's IceCandidate. The JSON
/// protocol names properties by camelCase, MessagePack by DataMember: both give the same names.
/// </summary>
[DataContract]
public sealed record IceCandidatePayload(
    [property: DataMember(Name = "candidate")] string? Candidate,
    [property: DataMember(Name = "sdpMid")] string? SdpMid,
    [property: DataMember(Name = "sdpMLineIndex")] int? SdpMLineIndex);

/// <summary>Names to connection ids, for every hub instance (hubs are transient).</summary>
public sealed class Registry
{
    public ConcurrentDictionary<string, string> Connections { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The same shape of work as the daemon's relay, without its rules: bind the typed payload, look up
/// the recipient, send it one event. An unknown recipient is an error, like PEER_NOT_IN_SESSION.
/// </summary>
public sealed class RelayHub(Registry registry) : Hub
{
    private const string NameKey = "name";

    public void Register(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new HubException("INVALID_ARGUMENT: name is required");
        registry.Connections[name] = Context.ConnectionId;
        Context.Items[NameKey] = name;
    }

    public Task Relay(string to, IceCandidatePayload payload)
    {
        if (Context.Items.TryGetValue(NameKey, out var from) is false || from is not string sender)
            throw new HubException("NOT_REGISTERED: call Register first");
        if (!registry.Connections.TryGetValue(to, out var connectionId))
            throw new HubException("PEER_NOT_FOUND: no connection is registered under that name");
        return Clients.Client(connectionId).SendAsync("Relay", sender, payload);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(NameKey, out var name) && name is string registered)
            registry.Connections.TryRemove(new KeyValuePair<string, string>(registered, Context.ConnectionId));
        return Task.CompletedTask;
    }
}
