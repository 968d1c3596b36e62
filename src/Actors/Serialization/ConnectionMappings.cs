using System.Runtime.Serialization;
using Akka.Actor;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Serialization;

/// <summary>
/// Commands to a client's connection actor, which may live on another node than the sender. An instance per
/// actor system, because a <see cref="ConnectionCommands.Redeliver"/> carries an actor reference that only
/// that system can resolve.
/// </summary>
internal sealed class ConnectionMappings(ExtendedActorSystem system)
{
    public IEnumerable<MessageMapping> All =>
    [
        MessageMapping.Of("ccp", Proto.Push.Parser, ToProto, FromProto),
        MessageMapping.Of("ccr", Proto.ReplaceConnection.Parser, ToProto, FromProto),
        MessageMapping.Of("ccrd", Proto.Redeliver.Parser, ToProto, FromProto),
    ];

    private static Proto.Push ToProto(ConnectionCommands.Push m)
    {
        var proto = new Proto.Push { Method = m.Method };
        SetPayload(proto, m.Payload);
        return proto;
    }

    private static ConnectionCommands.Push FromProto(Proto.Push p) => new(p.Method, PayloadOf(p));

    // The oneof names every event a client can receive; an event added to Protocol without a proto
    // message is refused here rather than left for a fallback serializer.
    private static void SetPayload(Proto.Push proto, IServerEvent payload)
    {
        switch (payload)
        {
            case PeerJoinedEvent e: proto.PeerJoined = ProtocolMappings.ToProto(e); break;
            case PeerLeftEvent e: proto.PeerLeft = ProtocolMappings.ToProto(e); break;
            case PeerConnectionChangedEvent e: proto.PeerConnectionChanged = ProtocolMappings.ToProto(e); break;
            case HubChangedEvent e: proto.HubChanged = ProtocolMappings.ToProto(e); break;
            case SdpEvent e: proto.Sdp = ProtocolMappings.ToProto(e); break;
            case IceCandidateEvent e: proto.IceCandidate = ProtocolMappings.ToProto(e); break;
            case SessionEndedEvent e: proto.SessionEnded = ProtocolMappings.ToProto(e); break;
            case PairRequestedEvent e: proto.PairRequested = ProtocolMappings.ToProto(e); break;
            case PairEstablishedEvent e: proto.PairEstablished = ProtocolMappings.ToProto(e); break;
            case PairRequestClosedEvent e: proto.PairRequestClosed = ProtocolMappings.ToProto(e); break;
            default: throw new SerializationException($"A push payload of type {payload.GetType()} has no proto mapping");
        }
    }

    private static IServerEvent PayloadOf(Proto.Push p) => p.PayloadCase switch
    {
        Proto.Push.PayloadOneofCase.PeerJoined => ProtocolMappings.FromProto(p.PeerJoined),
        Proto.Push.PayloadOneofCase.PeerLeft => ProtocolMappings.FromProto(p.PeerLeft),
        Proto.Push.PayloadOneofCase.PeerConnectionChanged => ProtocolMappings.FromProto(p.PeerConnectionChanged),
        Proto.Push.PayloadOneofCase.HubChanged => ProtocolMappings.FromProto(p.HubChanged),
        Proto.Push.PayloadOneofCase.Sdp => ProtocolMappings.FromProto(p.Sdp),
        Proto.Push.PayloadOneofCase.IceCandidate => ProtocolMappings.FromProto(p.IceCandidate),
        Proto.Push.PayloadOneofCase.SessionEnded => ProtocolMappings.FromProto(p.SessionEnded),
        Proto.Push.PayloadOneofCase.PairRequested => ProtocolMappings.FromProto(p.PairRequested),
        Proto.Push.PayloadOneofCase.PairEstablished => ProtocolMappings.FromProto(p.PairEstablished),
        Proto.Push.PayloadOneofCase.PairRequestClosed => ProtocolMappings.FromProto(p.PairRequestClosed),
        _ => throw new SerializationException($"The push of {p.Method} carries no payload this version knows"),
    };

    private static Proto.ReplaceConnection ToProto(ConnectionCommands.Replace m) => new() { Reason = m.Reason };

    private static ConnectionCommands.Replace FromProto(Proto.ReplaceConnection p) => new(p.Reason);

    // The serialized path carries the node address and uid, so a remote reader resolves the very actor.
    private static Proto.Redeliver ToProto(ConnectionCommands.Redeliver m)
    {
        var proto = new Proto.Redeliver
        {
            Reply = ProtocolMappings.ToProto(m.Reply),
            ReplyTo = Akka.Serialization.Serialization.SerializedActorPath(m.ReplyTo),
        };
        proto.Pushes.AddRange(m.Pushes.Select(ToProto));
        return proto;
    }

    private ConnectionCommands.Redeliver FromProto(Proto.Redeliver p) =>
        new(p.Pushes.Select(FromProto).ToArray(), ProtocolMappings.FromProto(ProtoValues.Required(p.Reply, "reply")),
            system.Provider.ResolveActorRef(p.ReplyTo));
}
