using System.Runtime.Serialization;

namespace SignalingAkka.Protocol;

// Server → client event payloads.

/// <summary>Marks the payload of a server → client event.</summary>
public interface IServerEvent;

[DataContract]
public sealed record PeerJoinedEvent(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "participant")] Participant Participant) : IServerEvent;

[DataContract]
public sealed record PeerLeftEvent(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "fingerprint")] string Fingerprint,
    [property: DataMember(Name = "reason")] string Reason) : IServerEvent;

[DataContract]
public sealed record PeerConnectionChangedEvent(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "fingerprint")] string Fingerprint,
    [property: DataMember(Name = "connected")] bool Connected) : IServerEvent;

[DataContract]
public sealed record HubChangedEvent(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "hubFingerprint")] string HubFingerprint,
    [property: DataMember(Name = "previousHubFingerprint")] string? PreviousHubFingerprint,
    [property: DataMember(Name = "score")] int Score) : IServerEvent;

/// <summary>The payload of both <c>SdpOffer</c> and <c>SdpAnswer</c> events.</summary>
[DataContract]
public sealed record SdpEvent(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "from")] string From,
    [property: DataMember(Name = "seq")] long Seq,
    [property: DataMember(Name = "sdp")] string Sdp) : IServerEvent;

[DataContract]
public sealed record IceCandidateEvent(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "from")] string From,
    [property: DataMember(Name = "seq")] long Seq,
    [property: DataMember(Name = "candidate")] string Candidate,
    [property: DataMember(Name = "sdpMid")] string? SdpMid,
    [property: DataMember(Name = "sdpMLineIndex")] int? SdpMLineIndex) : IServerEvent;

[DataContract]
public sealed record SessionEndedEvent(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "reason")] string Reason) : IServerEvent;

[DataContract]
public sealed record PairRequestedEvent(
    [property: DataMember(Name = "requestId")] string RequestId,
    [property: DataMember(Name = "fromFingerprint")] string FromFingerprint,
    [property: DataMember(Name = "fromDeviceName")] string FromDeviceName,
    [property: DataMember(Name = "expiresAt")] string ExpiresAt) : IServerEvent;

[DataContract]
public sealed record PairEstablishedEvent(
    [property: DataMember(Name = "pairingId")] string PairingId,
    [property: DataMember(Name = "peerFingerprint")] string PeerFingerprint,
    [property: DataMember(Name = "sharedSecret")] string SharedSecret) : IServerEvent;

/// <summary>The payload of both <c>PairRejected</c> and <c>PairExpired</c>.</summary>
[DataContract]
public sealed record PairRequestClosedEvent(
    [property: DataMember(Name = "requestId")] string RequestId) : IServerEvent;
