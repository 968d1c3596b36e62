namespace SignalingAkka.Protocol.Tests;

/// <summary>Sample wire records and the field names PROTOCOL.md gives their shapes.</summary>
internal static class WireSamples
{
    public const string Host = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    public const string Guest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static readonly string[] SessionInfoFields =
    [
        "sessionId", "inviteCode", "sessionType", "topology", "tier", "maxPeers", "turnAllowed",
        "hostFingerprint", "hubFingerprint", "state", "createdAt", "expiresAt", "participants", "redelivered",
    ];

    public static readonly string[] ParticipantFields = ["fingerprint", "deviceName", "role", "score", "connected", "joinedAt"];

    public static readonly string[] IceCandidateEventFields = ["sessionId", "from", "seq", "candidate", "sdpMid", "sdpMLineIndex"];

    public static readonly string[] RegisterDeviceFields = ["fingerprint", "publicKey", "deviceName", "platform", "deviceType", "userId"];

    public static readonly string[] CapabilitiesFields =
    [
        "cpuCores", "ramMb", "batteryPercent", "isCharging", "bandwidthMbps", "deviceType", "networkType",
        "screenWidth", "supportedCodecs",
    ];

    public static SessionInfo Session() => new(
        SessionId: "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        InviteCode: "AVNE-23HJ-KMXZ",
        SessionType: "CALL",
        Topology: "mesh",
        Tier: "PRO",
        MaxPeers: 10,
        TurnAllowed: true,
        HostFingerprint: Host,
        HubFingerprint: Guest,
        State: "active",
        CreatedAt: "2030-01-02T03:04:05.678Z",
        ExpiresAt: null,
        Participants:
        [
            new Participant(Host, "Host laptop", "HOST", 1294, true, "2030-01-02T03:04:05.678Z"),
            new Participant(Guest, "Guest phone", "HUB", 1500, false, "2030-01-02T03:05:00.000Z"),
        ],
        Redelivered: 3);

    public static IceCandidateEvent EndOfCandidates() => new(
        SessionId: "3f2504e0-4f89-11d3-9a0c-0305e82c3301", From: Host, Seq: 42, Candidate: "", SdpMid: null, SdpMLineIndex: null);

    public static RegisterDeviceRequest Register() => new(
        Fingerprint: Host, PublicKey: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", DeviceName: "Host laptop",
        Platform: "DESKTOP", DeviceType: "DESKTOP");

    public static JoinSessionRequest Join() => new(
        "AVNE-23HJ-KMXZ", new Capabilities(8, 16384, 50, false, 100.5, "DESKTOP", "ETHERNET", 2560, ["VP8", "VP9", "H264"]));

    public static RequestTurnResult Turn() => new(
        [
            new IceServer(["stun:turn.example.org:3478"], null, null),
            new IceServer(["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349?transport=tcp"],
                $"1700000000:{Host}", "pu1t1+mIAQrpqRkeIRk1thIfM3M="),
        ],
        TurnAllowed: true, TtlSeconds: 3600, ExpiresAt: "2030-01-02T04:04:05.678Z");
}
