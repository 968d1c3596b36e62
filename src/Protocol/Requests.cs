using System.Runtime.Serialization;

namespace SignalingAkka.Protocol;

// Client → server requests and their results. Request fields are nullable: clients written by
// others may omit anything, and the server answers INVALID_ARGUMENT rather than failing to bind.

[DataContract]
public sealed record RegisterDeviceRequest(
    [property: DataMember(Name = "fingerprint")] string? Fingerprint,
    [property: DataMember(Name = "publicKey")] string? PublicKey,
    [property: DataMember(Name = "deviceName")] string? DeviceName,
    [property: DataMember(Name = "platform")] string? Platform,
    [property: DataMember(Name = "deviceType")] string? DeviceType,
    [property: DataMember(Name = "userId")] string? UserId = null);

[DataContract]
public sealed record RegisterDeviceResult(
    [property: DataMember(Name = "deviceId")] string DeviceId,
    [property: DataMember(Name = "isNew")] bool IsNew);

[DataContract]
public sealed record RegisterPushRequest(
    [property: DataMember(Name = "provider")] string? Provider,
    [property: DataMember(Name = "token")] string? Token);

[DataContract]
public sealed record CreateSessionRequest(
    [property: DataMember(Name = "licenseToken")] string? LicenseToken,
    [property: DataMember(Name = "sessionType")] string? SessionType,
    [property: DataMember(Name = "topology")] string? Topology = null,
    [property: DataMember(Name = "capabilities")] Capabilities? Capabilities = null);

[DataContract]
public sealed record JoinSessionRequest(
    [property: DataMember(Name = "inviteCode")] string? InviteCode,
    [property: DataMember(Name = "capabilities")] Capabilities? Capabilities = null);

[DataContract]
public sealed record RejoinSessionRequest(
    [property: DataMember(Name = "sessionId")] string? SessionId,
    [property: DataMember(Name = "timestamp")] long Timestamp,
    [property: DataMember(Name = "signature")] string? Signature,
    [property: DataMember(Name = "lastSeq")] long? LastSeq = null);

[DataContract]
public sealed record LeaveSessionRequest(
    [property: DataMember(Name = "sessionId")] string? SessionId);

/// <summary>The argument of both <c>SdpOffer</c> and <c>SdpAnswer</c>.</summary>
[DataContract]
public sealed record SdpRequest(
    [property: DataMember(Name = "sessionId")] string? SessionId,
    [property: DataMember(Name = "to")] string? To,
    [property: DataMember(Name = "sdp")] string? Sdp);

[DataContract]
public sealed record IceCandidateRequest(
    [property: DataMember(Name = "sessionId")] string? SessionId,
    [property: DataMember(Name = "to")] string? To,
    [property: DataMember(Name = "candidate")] string? Candidate,
    [property: DataMember(Name = "sdpMid")] string? SdpMid = null,
    [property: DataMember(Name = "sdpMLineIndex")] int? SdpMLineIndex = null);

[DataContract]
public sealed record RelayResult(
    [property: DataMember(Name = "delivered")] bool Delivered,
    [property: DataMember(Name = "queued")] bool Queued);

[DataContract]
public sealed record CapabilityUpdateRequest(
    [property: DataMember(Name = "capabilities")] Capabilities? Capabilities);

[DataContract]
public sealed record CapabilityUpdateResult(
    [property: DataMember(Name = "score")] int Score);

[DataContract]
public sealed record RequestTurnRequest(
    [property: DataMember(Name = "sessionId")] string? SessionId);

[DataContract]
public sealed record RequestTurnResult(
    [property: DataMember(Name = "iceServers")] IceServer[] IceServers,
    [property: DataMember(Name = "turnAllowed")] bool TurnAllowed,
    [property: DataMember(Name = "ttlSeconds")] int TtlSeconds,
    [property: DataMember(Name = "expiresAt")] string ExpiresAt);

[DataContract]
public sealed record PairRequestRequest(
    [property: DataMember(Name = "targetFingerprint")] string? TargetFingerprint);

[DataContract]
public sealed record PairRequestResult(
    [property: DataMember(Name = "requestId")] string RequestId,
    [property: DataMember(Name = "expiresAt")] string ExpiresAt);

/// <summary>The argument of both <c>PairAccept</c> and <c>PairReject</c>.</summary>
[DataContract]
public sealed record PairAnswerRequest(
    [property: DataMember(Name = "requestId")] string? RequestId);

[DataContract]
public sealed record PairAcceptResult(
    [property: DataMember(Name = "pairingId")] string PairingId);

[DataContract]
public sealed record PairingInfo(
    [property: DataMember(Name = "pairingId")] string PairingId,
    [property: DataMember(Name = "peerFingerprint")] string PeerFingerprint,
    [property: DataMember(Name = "status")] string Status,
    [property: DataMember(Name = "createdAt")] string CreatedAt);

[DataContract]
public sealed record ListPairingsResult(
    [property: DataMember(Name = "pairings")] PairingInfo[] Pairings);

[DataContract]
public sealed record RevokePairingRequest(
    [property: DataMember(Name = "pairingId")] string? PairingId);
