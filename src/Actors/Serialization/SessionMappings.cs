using System.Collections.Immutable;
using Akka.Actor;
using SignalingAkka.Actors.Sessions;

namespace SignalingAkka.Actors.Serialization;

/// <summary>
/// Session commands, persisted events and snapshot. An instance per actor system, because an
/// <see cref="Entrant"/> carries an actor reference that only that system can resolve.
/// </summary>
internal sealed class SessionMappings(ExtendedActorSystem system)
{
    public IEnumerable<MessageMapping> All =>
    [
        MessageMapping.Of("sn", Proto.Entrant.Parser, ToProto, FromProto),
        MessageMapping.Of("scc", Proto.CreateSession.Parser, ToProto, FromProto),
        MessageMapping.Of("scj", Proto.JoinSession.Parser, ToProto, FromProto),
        MessageMapping.Of("scl", Proto.LeaveSession.Parser, ToProto, FromProto),
        MessageMapping.Of("scr", Proto.RelaySignal.Parser, ToProto, FromProto),
        MessageMapping.Of("sci", Proto.GetSessionInfo.Parser, ToProto, FromProto),
        MessageMapping.Of("sec", Proto.SessionCreated.Parser, ToProto, FromProto),
        MessageMapping.Of("sej", Proto.ParticipantJoined.Parser, ToProto, FromProto),
        MessageMapping.Of("sel", Proto.ParticipantLeft.Parser, ToProto, FromProto),
        MessageMapping.Of("see", Proto.SessionEnded.Parser, ToProto, FromProto),
        MessageMapping.Of("ses", Proto.SeqReserved.Parser, ToProto, FromProto),
        MessageMapping.Of("sp", Proto.ParticipantState.Parser, ToProto, FromProto),
        MessageMapping.Of("ss", Proto.SessionState.Parser, ToProto, FromProto),
    ];

    // The serialized path carries the node address and uid, so a remote reader resolves the very actor.
    private static Proto.Entrant ToProto(Entrant m) => new()
    {
        Fingerprint = m.Fingerprint, DeviceName = m.DeviceName, Score = m.Score,
        Connection = Akka.Serialization.Serialization.SerializedActorPath(m.Connection),
    };

    private Entrant FromProto(Proto.Entrant p) =>
        new(p.Fingerprint, p.DeviceName, p.Score, system.Provider.ResolveActorRef(p.Connection));

    private static Proto.CreateSession ToProto(SessionCommands.Create m)
    {
        var proto = new Proto.CreateSession
        {
            SessionId = m.SessionId, InviteCode = m.InviteCode, Host = ToProto(m.Host),
            SessionType = m.SessionType.ToProto(), Topology = m.Topology.ToProto(), Tier = m.Tier.ToProto(),
        };
        if (m.HostUserId is not null) proto.HostUserId = m.HostUserId;
        return proto;
    }

    private SessionCommands.Create FromProto(Proto.CreateSession p) =>
        new(p.SessionId, p.InviteCode, FromProto(ProtoValues.Required(p.Host, "host")), p.SessionType.ToDomain(),
            p.Topology.ToDomain(), p.Tier.ToDomain(), p.HasHostUserId ? p.HostUserId : null);

    private static Proto.JoinSession ToProto(SessionCommands.Join m) =>
        new() { SessionId = m.SessionId, Guest = ToProto(m.Guest) };

    private SessionCommands.Join FromProto(Proto.JoinSession p) =>
        new(p.SessionId, FromProto(ProtoValues.Required(p.Guest, "guest")));

    private static Proto.LeaveSession ToProto(SessionCommands.Leave m) =>
        new() { SessionId = m.SessionId, Fingerprint = m.Fingerprint };

    private static SessionCommands.Leave FromProto(Proto.LeaveSession p) => new(p.SessionId, p.Fingerprint);

    private static Proto.RelaySignal ToProto(SessionCommands.Relay m)
    {
        var proto = new Proto.RelaySignal
        {
            SessionId = m.SessionId, From = m.From, To = m.To, Kind = m.Kind.ToProto(), Body = m.Body,
        };
        if (m.SdpMid is not null) proto.SdpMid = m.SdpMid;
        if (m.SdpMLineIndex is { } index) proto.SdpMLineIndex = index;
        return proto;
    }

    private static SessionCommands.Relay FromProto(Proto.RelaySignal p) =>
        new(p.SessionId, p.From, p.To, p.Kind.ToDomain(), p.Body, p.HasSdpMid ? p.SdpMid : null,
            p.HasSdpMLineIndex ? p.SdpMLineIndex : null);

    private static Proto.GetSessionInfo ToProto(SessionCommands.GetInfo m) => new() { SessionId = m.SessionId };

    private static SessionCommands.GetInfo FromProto(Proto.GetSessionInfo p) => new(p.SessionId);

    private static Proto.SessionCreated ToProto(SessionEvents.Created m)
    {
        var proto = new Proto.SessionCreated
        {
            InviteCode = m.InviteCode, HostFingerprint = m.HostFingerprint, SessionType = m.SessionType.ToProto(),
            Topology = m.Topology.ToProto(), Tier = m.Tier.ToProto(), CreatedAt = m.CreatedAt.ToProto(),
            ExpiresAt = m.ExpiresAt.ToProto(),
        };
        if (m.HostUserId is not null) proto.HostUserId = m.HostUserId;
        return proto;
    }

    private static SessionEvents.Created FromProto(Proto.SessionCreated p) =>
        new(p.InviteCode, p.HostFingerprint, p.SessionType.ToDomain(), p.Topology.ToDomain(), p.Tier.ToDomain(),
            p.HasHostUserId ? p.HostUserId : null, p.CreatedAt.ToDomain(), p.ExpiresAt.ToDomain());

    private static Proto.ParticipantJoined ToProto(SessionEvents.ParticipantJoined m) => new()
    {
        Fingerprint = m.Fingerprint, DeviceName = m.DeviceName, Role = m.Role.ToProto(), Score = m.Score,
        JoinedAt = m.JoinedAt.ToProto(),
    };

    private static SessionEvents.ParticipantJoined FromProto(Proto.ParticipantJoined p) =>
        new(p.Fingerprint, p.DeviceName, p.Role.ToDomain(), p.Score, p.JoinedAt.ToDomain());

    private static Proto.ParticipantLeft ToProto(SessionEvents.ParticipantLeft m) =>
        new() { Fingerprint = m.Fingerprint, Reason = m.Reason.ToProto(), At = m.At.ToProto() };

    private static SessionEvents.ParticipantLeft FromProto(Proto.ParticipantLeft p) =>
        new(p.Fingerprint, p.Reason.ToDomain(), p.At.ToDomain());

    private static Proto.SessionEnded ToProto(SessionEvents.Ended m) =>
        new() { Reason = m.Reason.ToProto(), At = m.At.ToProto() };

    private static SessionEvents.Ended FromProto(Proto.SessionEnded p) => new(p.Reason.ToDomain(), p.At.ToDomain());

    private static Proto.SeqReserved ToProto(SessionEvents.SeqReserved m) =>
        new() { Fingerprint = m.Fingerprint, UpTo = m.UpTo };

    private static SessionEvents.SeqReserved FromProto(Proto.SeqReserved p) => new(p.Fingerprint, p.UpTo);

    private static Proto.ParticipantState ToProto(ParticipantState m) => new()
    {
        Fingerprint = m.Fingerprint, DeviceName = m.DeviceName, Role = m.Role.ToProto(), Score = m.Score,
        JoinedAt = m.JoinedAt.ToProto(),
    };

    private static ParticipantState FromProto(Proto.ParticipantState p) =>
        new(p.Fingerprint, p.DeviceName, p.Role.ToDomain(), p.Score, p.JoinedAt.ToDomain());

    private static Proto.SessionState ToProto(SessionState m)
    {
        var proto = new Proto.SessionState
        {
            SessionId = m.SessionId, InviteCode = m.InviteCode, HostFingerprint = m.HostFingerprint,
            HubFingerprint = m.HubFingerprint, SessionType = m.SessionType.ToProto(), Topology = m.Topology.ToProto(),
            Tier = m.Tier.ToProto(), CreatedAt = m.CreatedAt.ToProto(), ExpiresAt = m.ExpiresAt.ToProto(),
            Phase = m.Phase.ToProto(),
        };
        if (m.HostUserId is not null) proto.HostUserId = m.HostUserId;
        if (m.EndReason is { } reason) proto.EndReason = reason.ToProto();
        proto.Participants.AddRange(m.Participants.Select(ToProto));
        proto.ReservedSeq.Add(m.ReservedSeq);
        return proto;
    }

    private static SessionState FromProto(Proto.SessionState p) =>
        new(p.SessionId, p.InviteCode, p.HostFingerprint, p.HubFingerprint, p.SessionType.ToDomain(),
            p.Topology.ToDomain(), p.Tier.ToDomain(), p.HasHostUserId ? p.HostUserId : null, p.CreatedAt.ToDomain(),
            p.ExpiresAt.ToDomain(), p.Phase.ToDomain(), p.HasEndReason ? p.EndReason.ToDomain() : null,
            p.Participants.Select(FromProto).ToImmutableList(), p.ReservedSeq.ToImmutableDictionary());
}
