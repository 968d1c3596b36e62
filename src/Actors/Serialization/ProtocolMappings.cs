using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Serialization;

/// <summary>
/// Wire records of SignalingAkka.Protocol that actors send as replies or as push payloads. Their enums and
/// times stay the strings the clients receive, so the mapping copies them as they are.
/// </summary>
internal static class ProtocolMappings
{
    public static IEnumerable<MessageMapping> All =>
    [
        MessageMapping.Of("prd", Proto.RegisterDeviceResult.Parser, ToProto, FromProto),
        MessageMapping.Of("psi", Proto.SessionInfo.Parser, ToProto, FromProto),
        MessageMapping.Of("prr", Proto.RelayResult.Parser, ToProto, FromProto),
        MessageMapping.Of("pem", Proto.EmptyResult.Parser, ToProto, FromProto),
        MessageMapping.Of("pvj", Proto.PeerJoinedEvent.Parser, ToProto, FromProto),
        MessageMapping.Of("pvl", Proto.PeerLeftEvent.Parser, ToProto, FromProto),
        MessageMapping.Of("pvc", Proto.PeerConnectionChangedEvent.Parser, ToProto, FromProto),
        MessageMapping.Of("pvh", Proto.HubChangedEvent.Parser, ToProto, FromProto),
        MessageMapping.Of("pvs", Proto.SdpEvent.Parser, ToProto, FromProto),
        MessageMapping.Of("pvi", Proto.IceCandidateEvent.Parser, ToProto, FromProto),
        MessageMapping.Of("pve", Proto.SessionEndedEvent.Parser, ToProto, FromProto),
        MessageMapping.Of("pvpr", Proto.PairRequestedEvent.Parser, ToProto, FromProto),
        MessageMapping.Of("pvpe", Proto.PairEstablishedEvent.Parser, ToProto, FromProto),
        MessageMapping.Of("pvpc", Proto.PairRequestClosedEvent.Parser, ToProto, FromProto),
    ];

    private static Proto.RegisterDeviceResult ToProto(RegisterDeviceResult m) =>
        new() { DeviceId = m.DeviceId, IsNew = m.IsNew };

    private static RegisterDeviceResult FromProto(Proto.RegisterDeviceResult p) => new(p.DeviceId, p.IsNew);

    private static Proto.Participant ToProto(Participant m) => new()
    {
        Fingerprint = m.Fingerprint, DeviceName = m.DeviceName, Role = m.Role, Score = m.Score,
        Connected = m.Connected, JoinedAt = m.JoinedAt,
    };

    private static Participant FromProto(Proto.Participant p) =>
        new(p.Fingerprint, p.DeviceName, p.Role, p.Score, p.Connected, p.JoinedAt);

    // Also used by ConnectionCommands.Redeliver, hence internal.
    internal static Proto.SessionInfo ToProto(SessionInfo m)
    {
        var proto = new Proto.SessionInfo
        {
            SessionId = m.SessionId, InviteCode = m.InviteCode, SessionType = m.SessionType, Topology = m.Topology,
            Tier = m.Tier, TurnAllowed = m.TurnAllowed, HostFingerprint = m.HostFingerprint,
            HubFingerprint = m.HubFingerprint, State = m.State, CreatedAt = m.CreatedAt, Redelivered = m.Redelivered,
        };
        if (m.MaxPeers is { } maxPeers) proto.MaxPeers = maxPeers;
        if (m.ExpiresAt is not null) proto.ExpiresAt = m.ExpiresAt;
        proto.Participants.AddRange(m.Participants.Select(ToProto));
        return proto;
    }

    internal static SessionInfo FromProto(Proto.SessionInfo p) =>
        new(p.SessionId, p.InviteCode, p.SessionType, p.Topology, p.Tier, p.HasMaxPeers ? p.MaxPeers : null,
            p.TurnAllowed, p.HostFingerprint, p.HubFingerprint, p.State, p.CreatedAt,
            p.HasExpiresAt ? p.ExpiresAt : null, p.Participants.Select(FromProto).ToArray(), p.Redelivered);

    private static Proto.RelayResult ToProto(RelayResult m) => new() { Delivered = m.Delivered, Queued = m.Queued };

    private static RelayResult FromProto(Proto.RelayResult p) => new(p.Delivered, p.Queued);

    private static Proto.EmptyResult ToProto(EmptyResult _) => new();

    private static EmptyResult FromProto(Proto.EmptyResult _) => EmptyResult.Instance;

    // The event mappings are also used by the Push payload, hence internal.

    internal static Proto.PeerJoinedEvent ToProto(PeerJoinedEvent m) =>
        new() { SessionId = m.SessionId, Participant = ToProto(m.Participant) };

    internal static PeerJoinedEvent FromProto(Proto.PeerJoinedEvent p) =>
        new(p.SessionId, FromProto(ProtoValues.Required(p.Participant, "participant")));

    internal static Proto.PeerLeftEvent ToProto(PeerLeftEvent m) =>
        new() { SessionId = m.SessionId, Fingerprint = m.Fingerprint, Reason = m.Reason };

    internal static PeerLeftEvent FromProto(Proto.PeerLeftEvent p) => new(p.SessionId, p.Fingerprint, p.Reason);

    internal static Proto.PeerConnectionChangedEvent ToProto(PeerConnectionChangedEvent m) =>
        new() { SessionId = m.SessionId, Fingerprint = m.Fingerprint, Connected = m.Connected };

    internal static PeerConnectionChangedEvent FromProto(Proto.PeerConnectionChangedEvent p) =>
        new(p.SessionId, p.Fingerprint, p.Connected);

    internal static Proto.HubChangedEvent ToProto(HubChangedEvent m)
    {
        var proto = new Proto.HubChangedEvent { SessionId = m.SessionId, HubFingerprint = m.HubFingerprint, Score = m.Score };
        if (m.PreviousHubFingerprint is not null) proto.PreviousHubFingerprint = m.PreviousHubFingerprint;
        return proto;
    }

    internal static HubChangedEvent FromProto(Proto.HubChangedEvent p) =>
        new(p.SessionId, p.HubFingerprint, p.HasPreviousHubFingerprint ? p.PreviousHubFingerprint : null, p.Score);

    internal static Proto.SdpEvent ToProto(SdpEvent m) =>
        new() { SessionId = m.SessionId, From = m.From, Seq = m.Seq, Sdp = m.Sdp };

    internal static SdpEvent FromProto(Proto.SdpEvent p) => new(p.SessionId, p.From, p.Seq, p.Sdp);

    internal static Proto.IceCandidateEvent ToProto(IceCandidateEvent m)
    {
        var proto = new Proto.IceCandidateEvent
        {
            SessionId = m.SessionId, From = m.From, Seq = m.Seq, Candidate = m.Candidate,
        };
        if (m.SdpMid is not null) proto.SdpMid = m.SdpMid;
        if (m.SdpMLineIndex is { } index) proto.SdpMLineIndex = index;
        return proto;
    }

    internal static IceCandidateEvent FromProto(Proto.IceCandidateEvent p) =>
        new(p.SessionId, p.From, p.Seq, p.Candidate, p.HasSdpMid ? p.SdpMid : null,
            p.HasSdpMLineIndex ? p.SdpMLineIndex : null);

    internal static Proto.SessionEndedEvent ToProto(SessionEndedEvent m) =>
        new() { SessionId = m.SessionId, Reason = m.Reason };

    internal static SessionEndedEvent FromProto(Proto.SessionEndedEvent p) => new(p.SessionId, p.Reason);

    internal static Proto.PairRequestedEvent ToProto(PairRequestedEvent m) => new()
    {
        RequestId = m.RequestId, FromFingerprint = m.FromFingerprint, FromDeviceName = m.FromDeviceName,
        ExpiresAt = m.ExpiresAt,
    };

    internal static PairRequestedEvent FromProto(Proto.PairRequestedEvent p) =>
        new(p.RequestId, p.FromFingerprint, p.FromDeviceName, p.ExpiresAt);

    internal static Proto.PairEstablishedEvent ToProto(PairEstablishedEvent m) =>
        new() { PairingId = m.PairingId, PeerFingerprint = m.PeerFingerprint, SharedSecret = m.SharedSecret };

    internal static PairEstablishedEvent FromProto(Proto.PairEstablishedEvent p) =>
        new(p.PairingId, p.PeerFingerprint, p.SharedSecret);

    internal static Proto.PairRequestClosedEvent ToProto(PairRequestClosedEvent m) => new() { RequestId = m.RequestId };

    internal static PairRequestClosedEvent FromProto(Proto.PairRequestClosedEvent p) => new(p.RequestId);
}
