using System.Runtime.Serialization;

namespace SignalingAkka.Protocol;

// Server → client event payloads.

[DataContract]
public sealed record PeerJoinedEvent(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "participant")] Participant Participant);

[DataContract]
public sealed record PeerLeftEvent(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "fingerprint")] string Fingerprint,
    [property: DataMember(Name = "reason")] string Reason);

[DataContract]
public sealed record PeerConnectionChangedEvent(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "fingerprint")] string Fingerprint,
    [property: DataMember(Name = "connected")] bool Connected);

[DataContract]
public sealed record HubChangedEvent(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "hubFingerprint")] string HubFingerprint,
    [property: DataMember(Name = "previousHubFingerprint")] string? PreviousHubFingerprint,
    [property: DataMember(Name = "score")] int Score);

/// <summary>The payload of both <c>SdpOffer</c> and <c>SdpAnswer</c> events.</summary>
[DataContract]
public sealed record SdpEvent(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "from")] string From,
    [property: DataMember(Name = "seq")] long Seq,
    [property: DataMember(Name = "sdp")] string Sdp);

[DataContract]
public sealed record IceCandidateEvent(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "from")] string From,
    [property: DataMember(Name = "seq")] long Seq,
    [property: DataMember(Name = "candidate")] string Candidate,
    [property: DataMember(Name = "sdpMid")] string? SdpMid,
    [property: DataMember(Name = "sdpMLineIndex")] int? SdpMLineIndex);

[DataContract]
public sealed record SessionEndedEvent(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "reason")] string Reason);

[DataContract]
public sealed record PairRequestedEvent(
    [property: DataMember(Name = "requestId")] string RequestId,
    [property: DataMember(Name = "fromFingerprint")] string FromFingerprint,
    [property: DataMember(Name = "fromDeviceName")] string FromDeviceName,
    [property: DataMember(Name = "expiresAt")] string ExpiresAt);

[DataContract]
public sealed record PairEstablishedEvent(
    [property: DataMember(Name = "pairingId")] string PairingId,
    [property: DataMember(Name = "peerFingerprint")] string PeerFingerprint,
    [property: DataMember(Name = "sharedSecret")] string SharedSecret);

/// <summary>The payload of both <c>PairRejected</c> and <c>PairExpired</c>.</summary>
[DataContract]
public sealed record PairRequestClosedEvent(
    [property: DataMember(Name = "requestId")] string RequestId);
