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
        MessageMapping.Of("srt", Proto.InviteCodeTaken.Parser, ToProto, FromProto),
        MessageMapping.Of("scl", Proto.LeaveSession.Parser, ToProto, FromProto),
        MessageMapping.Of("scr", Proto.RelaySignal.Parser, ToProto, FromProto),
        MessageMapping.Of("sci", Proto.GetSessionInfo.Parser, ToProto, FromProto),
        MessageMapping.Of("scw", Proto.WakeSession.Parser, ToProto, FromProto),
        MessageMapping.Of("scrj", Proto.RejoinSession.Parser, ToProto, FromProto),
        MessageMapping.Of("scus", Proto.UpdateScore.Parser, ToProto, FromProto),
        MessageMapping.Of("scho", Proto.HandOff.Parser, ToProto, FromProto),
        MessageMapping.Of("sec", Proto.SessionCreated.Parser, ToProto, FromProto),
        MessageMapping.Of("sej", Proto.ParticipantJoined.Parser, ToProto, FromProto),
        MessageMapping.Of("sel", Proto.ParticipantLeft.Parser, ToProto, FromProto),
        MessageMapping.Of("see", Proto.SessionEnded.Parser, ToProto, FromProto),
        MessageMapping.Of("ses", Proto.SeqReserved.Parser, ToProto, FromProto),
        MessageMapping.Of("sesc", Proto.ScoreChanged.Parser, ToProto, FromProto),
        MessageMapping.Of("sehc", Proto.HubChanged.Parser, ToProto, FromProto),
        MessageMapping.Of("semq", Proto.MessageQueued.Parser, ToProto, FromProto),
        MessageMapping.Of("seqd", Proto.QueueDelivered.Parser, ToProto, FromProto),
        MessageMapping.Of("seps", Proto.PushedSaved.Parser, ToProto, FromProto),
        MessageMapping.Of("sh", Proto.HeldMessage.Parser, ToProto, FromProto),
        MessageMapping.Of("sp", Proto.ParticipantState.Parser, ToProto, FromProto),
        MessageMapping.Of("ss", Proto.SessionState.Parser, ToProto, FromProto),
    ];

    // The serialized path carries the node address and uid, so a remote reader resolves the very actor.
    private static Proto.Entrant ToProto(Entrant m)
    {
        var proto = new Proto.Entrant
        {
            Fingerprint = m.Fingerprint, DeviceName = m.DeviceName,
            Connection = Akka.Serialization.Serialization.SerializedActorPath(m.Connection),
        };
        if (m.Score is { } score) proto.Score = score;
        return proto;
    }

    private Entrant FromProto(Proto.Entrant p) =>
        new(p.Fingerprint, p.DeviceName, p.HasScore ? p.Score : null, system.Provider.ResolveActorRef(p.Connection));

    private static Proto.HeldMessage ToProto(HeldMessage m)
    {
        var proto = new Proto.HeldMessage
        {
            Seq = m.Seq, Kind = m.Kind.ToProto(), From = m.From, Body = m.Body, At = m.At.ToProto(),
        };
        if (m.SdpMid is not null) proto.SdpMid = m.SdpMid;
        if (m.SdpMLineIndex is { } index) proto.SdpMLineIndex = index;
        return proto;
    }

    private static HeldMessage FromProto(Proto.HeldMessage p) =>
        new(p.Seq, p.Kind.ToDomain(), p.From, p.Body, p.HasSdpMid ? p.SdpMid : null,
            p.HasSdpMLineIndex ? p.SdpMLineIndex : null, p.At.ToDomain());

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
        new() { SessionId = m.SessionId, InviteCode = m.InviteCode, Guest = ToProto(m.Guest) };

    private SessionCommands.Join FromProto(Proto.JoinSession p) =>
        new(p.SessionId, p.InviteCode, FromProto(ProtoValues.Required(p.Guest, "guest")));

    private static Proto.InviteCodeTaken ToProto(SessionReplies.InviteCodeTaken m) => new() { InviteCode = m.InviteCode };

    private static SessionReplies.InviteCodeTaken FromProto(Proto.InviteCodeTaken p) => new(p.InviteCode);

    private static Proto.LeaveSession ToProto(SessionCommands.Leave m) =>
        new() { SessionId = m.SessionId, Fingerprint = m.Fingerprint };

    private static SessionCommands.Leave FromProto(Proto.LeaveSession p) => new(p.SessionId, p.Fingerprint);

    private static Proto.RelaySignal ToProto(SessionCommands.Relay m)
    {
        var proto = new Proto.RelaySignal
        {
            SessionId = m.SessionId, From = m.From, To = m.To, Kind = m.Kind.ToProto(), Body = m.Body,
            NoResult = !m.ResultWanted,
        };
        if (m.SdpMid is not null) proto.SdpMid = m.SdpMid;
        if (m.SdpMLineIndex is { } index) proto.SdpMLineIndex = index;
        return proto;
    }

    private static SessionCommands.Relay FromProto(Proto.RelaySignal p) =>
        new(p.SessionId, p.From, p.To, p.Kind.ToDomain(), p.Body, p.HasSdpMid ? p.SdpMid : null,
            p.HasSdpMLineIndex ? p.SdpMLineIndex : null, ResultWanted: !p.NoResult);

    private static Proto.GetSessionInfo ToProto(SessionCommands.GetInfo m) => new() { SessionId = m.SessionId };

    private static SessionCommands.GetInfo FromProto(Proto.GetSessionInfo p) => new(p.SessionId);

    private static Proto.WakeSession ToProto(SessionCommands.Wake m) => new() { SessionId = m.SessionId };

    private static SessionCommands.Wake FromProto(Proto.WakeSession p) => new(p.SessionId);

    private static Proto.RejoinSession ToProto(SessionCommands.Rejoin m)
    {
        var proto = new Proto.RejoinSession { SessionId = m.SessionId, Participant = ToProto(m.Participant) };
        if (m.LastSeq is { } lastSeq) proto.LastSeq = lastSeq;
        return proto;
    }

    private SessionCommands.Rejoin FromProto(Proto.RejoinSession p) =>
        new(p.SessionId, FromProto(ProtoValues.Required(p.Participant, "participant")), p.HasLastSeq ? p.LastSeq : null);

    private static Proto.UpdateScore ToProto(SessionCommands.UpdateScore m) =>
        new() { SessionId = m.SessionId, Fingerprint = m.Fingerprint, Score = m.Score };

    private static SessionCommands.UpdateScore FromProto(Proto.UpdateScore p) => new(p.SessionId, p.Fingerprint, p.Score);

    private static Proto.HandOff ToProto(SessionCommands.HandOff _) => new();

    private static SessionCommands.HandOff FromProto(Proto.HandOff _) => SessionCommands.HandOff.Instance;

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

    private static Proto.ScoreChanged ToProto(SessionEvents.ScoreChanged m) =>
        new() { Fingerprint = m.Fingerprint, Score = m.Score };

    private static SessionEvents.ScoreChanged FromProto(Proto.ScoreChanged p) => new(p.Fingerprint, p.Score);

    private static Proto.HubChanged ToProto(SessionEvents.HubChanged m)
    {
        var proto = new Proto.HubChanged { HubFingerprint = m.HubFingerprint, Score = m.Score, At = m.At.ToProto() };
        if (m.PreviousHubFingerprint is not null) proto.PreviousHubFingerprint = m.PreviousHubFingerprint;
        return proto;
    }

    private static SessionEvents.HubChanged FromProto(Proto.HubChanged p) =>
        new(p.HubFingerprint, p.HasPreviousHubFingerprint ? p.PreviousHubFingerprint : null, p.Score, p.At.ToDomain());

    private static Proto.MessageQueued ToProto(SessionEvents.MessageQueued m) =>
        new() { Recipient = m.Recipient, Message = ToProto(m.Message) };

    private static SessionEvents.MessageQueued FromProto(Proto.MessageQueued p) =>
        new(p.Recipient, FromProto(ProtoValues.Required(p.Message, "message")));

    private static Proto.QueueDelivered ToProto(SessionEvents.QueueDelivered m) =>
        new() { Recipient = m.Recipient, UpToSeq = m.UpToSeq };

    private static SessionEvents.QueueDelivered FromProto(Proto.QueueDelivered p) => new(p.Recipient, p.UpToSeq);

    private static Proto.PushedSaved ToProto(SessionEvents.PushedSaved m)
    {
        var proto = new Proto.PushedSaved { Recipient = m.Recipient };
        proto.Messages.AddRange(m.Messages.Select(ToProto));
        return proto;
    }

    private static SessionEvents.PushedSaved FromProto(Proto.PushedSaved p) =>
        new(p.Recipient, p.Messages.Select(FromProto).ToArray());

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
        foreach (var (recipient, queue) in m.Queues)
        {
            var held = new Proto.HeldMessageQueue();
            held.Messages.AddRange(queue.Select(ToProto));
            proto.Queues.Add(recipient, held);
        }
        proto.HubMigrationCount = m.HubMigrationCount;
        if (m.EndedAt is { } endedAt) proto.EndedAt = endedAt.ToProto();
        return proto;
    }

    // Snapshots older than the queues, the migration count and the end time lack those fields: proto3 reads
    // them as an empty map, 0 and a null message, which are exactly their values in such a session.
    private static SessionState FromProto(Proto.SessionState p) =>
        new(p.SessionId, p.InviteCode, p.HostFingerprint, p.HubFingerprint, p.SessionType.ToDomain(),
            p.Topology.ToDomain(), p.Tier.ToDomain(), p.HasHostUserId ? p.HostUserId : null, p.CreatedAt.ToDomain(),
            p.ExpiresAt.ToDomain(), p.Phase.ToDomain(), p.HasEndReason ? p.EndReason.ToDomain() : null,
            p.Participants.Select(FromProto).ToImmutableList(), p.ReservedSeq.ToImmutableDictionary(),
            p.Queues.ToImmutableDictionary(q => q.Key, q => q.Value.Messages.Select(FromProto).ToImmutableList()),
            p.HubMigrationCount, p.EndedAt?.ToDomain());
}
