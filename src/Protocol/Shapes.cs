using System.Runtime.Serialization;

namespace SignalingAkka.Protocol;

// Every wire record names its fields explicitly: the JSON hub protocol writes camelCase by its
// naming policy, and the MessagePack hub protocol reads these DataMember names, so both protocols
// carry the same shapes. Enums travel as strings, times as ISO-8601 UTC strings (see WireTime).

[DataContract]
public sealed record Capabilities(
    [property: DataMember(Name = "cpuCores")] int CpuCores,
    [property: DataMember(Name = "ramMb")] int RamMb,
    [property: DataMember(Name = "batteryPercent")] int BatteryPercent,
    [property: DataMember(Name = "isCharging")] bool IsCharging,
    [property: DataMember(Name = "bandwidthMbps")] double BandwidthMbps,
    [property: DataMember(Name = "deviceType")] string? DeviceType,
    [property: DataMember(Name = "networkType")] string? NetworkType,
    [property: DataMember(Name = "screenWidth")] int ScreenWidth,
    [property: DataMember(Name = "supportedCodecs")] string[]? SupportedCodecs);

[DataContract]
public sealed record Participant(
    [property: DataMember(Name = "fingerprint")] string Fingerprint,
    [property: DataMember(Name = "deviceName")] string DeviceName,
    [property: DataMember(Name = "role")] string Role,
    [property: DataMember(Name = "score")] int Score,
    [property: DataMember(Name = "connected")] bool Connected,
    [property: DataMember(Name = "joinedAt")] string JoinedAt);

[DataContract]
public sealed record SessionInfo(
    [property: DataMember(Name = "sessionId")] string SessionId,
    [property: DataMember(Name = "inviteCode")] string InviteCode,
    [property: DataMember(Name = "sessionType")] string SessionType,
    [property: DataMember(Name = "topology")] string Topology,
    [property: DataMember(Name = "tier")] string Tier,
    [property: DataMember(Name = "maxPeers")] int? MaxPeers,
    [property: DataMember(Name = "turnAllowed")] bool TurnAllowed,
    [property: DataMember(Name = "hostFingerprint")] string HostFingerprint,
    [property: DataMember(Name = "hubFingerprint")] string HubFingerprint,
    [property: DataMember(Name = "state")] string State,
    [property: DataMember(Name = "createdAt")] string CreatedAt,
    [property: DataMember(Name = "expiresAt")] string? ExpiresAt,
    [property: DataMember(Name = "participants")] Participant[] Participants,
    [property: DataMember(Name = "redelivered")] int Redelivered);

[DataContract]
public sealed record IceServer(
    [property: DataMember(Name = "urls")] string[] Urls,
    [property: DataMember(Name = "username")] string? Username,
    [property: DataMember(Name = "credential")] string? Credential);

// The two empty shapes carry no [DataContract]: MessagePack writes a data contract without named
// members as an array, [] instead of {}, and then fails to bind a client's {}. Without the attribute
// the MessagePack hub protocol's contractless resolver writes and reads them as maps.

/// <summary>The result of a call that returns <c>{}</c>.</summary>
public sealed record EmptyResult
{
    public static readonly EmptyResult Instance = new();
}

/// <summary>The argument of a call that takes <c>{}</c>.</summary>
public sealed record EmptyRequest;
