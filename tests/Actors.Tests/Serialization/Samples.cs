using System.Collections.Immutable;
using Akka.Actor;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.Devices;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using SessionState = SignalingAkka.Actors.Sessions.SessionState;

namespace SignalingAkka.Actors.Tests.Serialization;

/// <summary>A populated message and the manifest it must be stored under, forever.</summary>
public sealed record Sample(string Name, string Manifest, object Value);

/// <summary>
/// One or more populated instances of every serialized type: optionals both set and null, collections
/// both filled and empty. The manifests are pinned here because changing one orphans every stored event.
/// </summary>
public static class Samples
{
    // Sub-millisecond ticks and a non-UTC offset: the instant must survive exactly.
    private static readonly DateTimeOffset At =
        new DateTimeOffset(2025, 3, 14, 15, 9, 26, 535, TimeSpan.FromHours(2)).AddTicks(8979);
    private static readonly DateTimeOffset Later = At.AddHours(4);

    /// <summary>Names only, for theory data; the connection is irrelevant to them.</summary>
    public static IEnumerable<string> Names => All(ActorRefs.Nobody).Select(s => s.Name);

    public static IEnumerable<Sample> All(IActorRef connection) =>
        [.. Devices, .. Sessions(connection), .. Connections(connection), .. Common, .. ProtocolRecords, .. Events];

    /// <summary>Messages that together carry every member of every enum the schema maps.</summary>
    public static IEnumerable<object> EveryEnumMember =>
    [
        .. Enum.GetValues<Platform>().Select(p => RegisteredWith(p, DeviceType.PHONE)),
        .. Enum.GetValues<DeviceType>().Select(t => RegisteredWith(Platform.WEB, t)),
        .. Enum.GetValues<SessionType>().Select(t => CreatedWith(t, Topology.Star, Tier.FREE)),
        .. Enum.GetValues<Topology>().Select(t => CreatedWith(SessionType.CALL, t, Tier.FREE)),
        .. Enum.GetValues<Tier>().Select(t => CreatedWith(SessionType.CALL, Topology.Star, t)),
        .. Enum.GetValues<ParticipantRole>().Select(r => new SessionEvents.ParticipantJoined("fp", "n", r, 1, At)),
        .. Enum.GetValues<LeaveReason>().Select(r => new SessionEvents.ParticipantLeft("fp", r, At)),
        .. Enum.GetValues<EndReason>().Select(r => new SessionEvents.Ended(r, At)),
        .. Enum.GetValues<Protocol.SessionPhase>().Select(p => FreshSession with { Phase = p }),
        .. Enum.GetValues<SignalKind>().Select(k => new SessionCommands.Relay("s1", "a", "b", k, "body", null, null)),
        .. Enum.GetValues<SignalKind>().Select(k => new HeldMessage(1, k, "a", "body", null, null, At)),
    ];

    private static DeviceEvents.Registered RegisteredWith(Platform platform, DeviceType type) =>
        new("dev-1", "pk", "n", platform, type, null, At);

    private static SessionEvents.Created CreatedWith(SessionType type, Topology topology, Tier tier) =>
        new("AVNE-ABCD-EFGH", "fp-host", type, topology, tier, null, At, Later);

    private static IEnumerable<Sample> Devices =>
    [
        new("Register", "dcr",
            new DeviceCommands.Register("fp1", "pk", "Pixel", Platform.ANDROID, DeviceType.PHONE, "user-1")),
        new("Register without user", "dcr",
            new DeviceCommands.Register("fp1", "pk", "Pixel", Platform.IOS, DeviceType.TABLET, null)),
        new("Get", "dcg", new DeviceCommands.Get("fp1")),
        new("SetBlocked", "dcb", new DeviceCommands.SetBlocked("fp1", true)),
        new("DeviceFound", "dqf",
            new DeviceQueries.DeviceFound("fp1", "dev-1", "pk", "Mac", Platform.DESKTOP, DeviceType.DESKTOP, "user-1", true, At)),
        new("DeviceFound without user", "dqf",
            new DeviceQueries.DeviceFound("fp1", "dev-1", "pk", "Mac", Platform.WEB, DeviceType.TV, null, false, At)),
        new("DeviceUnknown", "dqu", new DeviceQueries.DeviceUnknown("fp1")),
        new("Registered", "der",
            new DeviceEvents.Registered("dev-1", "pk", "Glass", Platform.ANDROID, DeviceType.GLASSES, "u", At)),
        new("Registered without user", "der",
            new DeviceEvents.Registered("dev-1", "pk", "Glass", Platform.ANDROID, DeviceType.GLASSES, null, At)),
        new("DetailsUpdated", "deu",
            new DeviceEvents.DetailsUpdated("Renamed", Platform.IOS, DeviceType.PHONE, "u", At)),
        new("DetailsUpdated without user", "deu",
            new DeviceEvents.DetailsUpdated("Renamed", Platform.IOS, DeviceType.PHONE, null, At)),
        new("BlockChanged", "deb", new DeviceEvents.BlockChanged(true, At)),
        new("DeviceState", "ds",
            new DeviceState("fp1", "dev-1", "pk", "Mac", Platform.DESKTOP, DeviceType.DESKTOP, "u", true, At)),
        new("DeviceState without user", "ds",
            new DeviceState("fp1", "dev-1", "pk", "Mac", Platform.DESKTOP, DeviceType.DESKTOP, null, false, At)),
    ];

    private static IEnumerable<Sample> Sessions(IActorRef connection)
    {
        var host = new Entrant("fp-host", "Host phone", 87, connection);
        var guest = host with { Fingerprint = "fp-guest", DeviceName = "Guest", Score = 12 };
        return
        [
            new("Entrant", "sn", host),
            new("Entrant without score", "sn", host with { Score = null }),
            // Zero is the proto3 default; the optional score must still tell it from null.
            new("Entrant with score zero", "sn", host with { Score = 0 }),
            new("Create", "scc",
                new SessionCommands.Create("s1", "AVNE-ABCD-EFGH", host, SessionType.CALL, Topology.Mesh, Tier.PRO, "u")),
            new("Create without user", "scc",
                new SessionCommands.Create("s1", "AVNE-ABCD-EFGH", host, SessionType.CAST, Topology.Star, Tier.FREE, null)),
            new("Join", "scj", new SessionCommands.Join("s1", "AVNE-ABCD-EFGH", guest)),
            new("InviteCodeTaken", "srt", new SessionReplies.InviteCodeTaken("AVNE-ABCD-EFGH")),
            new("Leave", "scl", new SessionCommands.Leave("s1", "fp-guest")),
            new("Relay offer", "scr",
                new SessionCommands.Relay("s1", "fp-host", "fp-guest", SignalKind.Offer, "v=0", null, null)),
            new("Relay candidate", "scr",
                new SessionCommands.Relay("s1", "fp-host", "fp-guest", SignalKind.IceCandidate, "candidate:1", "audio", 3)),
            // Zero and empty are proto3 defaults; optional fields must still tell them from null.
            new("Relay candidate at defaults", "scr",
                new SessionCommands.Relay("s1", "a", "b", SignalKind.IceCandidate, "", "", 0)),
            new("GetInfo", "sci", new SessionCommands.GetInfo("s1")),
            new("Wake", "scw", new SessionCommands.Wake("s1")),
            new("Rejoin", "scrj", new SessionCommands.Rejoin("s1", guest, 41)),
            new("Rejoin from seq zero", "scrj", new SessionCommands.Rejoin("s1", guest, 0)),
            new("Rejoin without last seq", "scrj", new SessionCommands.Rejoin("s1", guest with { Score = null }, null)),
            new("UpdateScore", "scus", new SessionCommands.UpdateScore("s1", "fp-guest", 73)),
            new("HandOff", "scho", SessionCommands.HandOff.Instance),
            new("HeldMessage offer", "sh", Offer),
            new("HeldMessage candidate", "sh", Candidate),
            new("HeldMessage candidate at defaults", "sh",
                new HeldMessage(0, SignalKind.IceCandidate, "a", "", "", 0, At)),
            new("Created", "sec", new SessionEvents.Created(
                "AVNE-ABCD-EFGH", "fp-host", SessionType.SCREEN_SHARE, Topology.Sfu, Tier.ENTERPRISE, "u", At, Later)),
            new("Created without user", "sec", new SessionEvents.Created(
                "AVNE-ABCD-EFGH", "fp-host", SessionType.FILE_TRANSFER, Topology.Mesh, Tier.BUSINESS, null, At, Later)),
            new("ParticipantJoined", "sej",
                new SessionEvents.ParticipantJoined("fp-guest", "Guest", ParticipantRole.SPOKE, 12, At)),
            new("ParticipantLeft", "sel", new SessionEvents.ParticipantLeft("fp-guest", LeaveReason.TIMEOUT, At)),
            new("Ended", "see", new SessionEvents.Ended(EndReason.HOST_LEFT, At)),
            new("SeqReserved", "ses", new SessionEvents.SeqReserved("fp-guest", long.MaxValue - 1)),
            new("ScoreChanged", "sesc", new SessionEvents.ScoreChanged("fp-guest", 64)),
            new("HubChanged", "sehc", new SessionEvents.HubChanged("fp-guest", "fp-host", 64, At)),
            new("HubChanged without previous", "sehc", new SessionEvents.HubChanged("fp-host", null, 87, At)),
            new("MessageQueued", "semq", new SessionEvents.MessageQueued("fp-guest", Candidate)),
            new("QueueDelivered", "seqd", new SessionEvents.QueueDelivered("fp-guest", 43)),
            new("PushedSaved", "seps", new SessionEvents.PushedSaved("fp-guest", [Offer, Candidate])),
            new("PushedSaved empty", "seps", new SessionEvents.PushedSaved("fp-guest", [])),
            new("ParticipantState", "sp", new ParticipantState("fp-host", "Host", ParticipantRole.HUB, 87, At)),
            new("SessionState", "ss", EndedSession),
            new("SessionState fresh", "ss", FreshSession),
            new("SessionState ending", "ss", FreshSession with
            {
                Phase = Protocol.SessionPhase.Ending, EndReason = EndReason.TIMEOUT, EndedAt = Later,
                Queues = ImmutableDictionary<string, ImmutableList<HeldMessage>>.Empty.Add("fp-guest", [Candidate]),
            }),
        ];
    }

    private static HeldMessage Offer => new(42, SignalKind.Offer, "fp-host", "v=0\r\no=- 1 2 IN IP4 127.0.0.1", null, null, At);

    private static HeldMessage Candidate => new(43, SignalKind.IceCandidate, "fp-host", "candidate:1 1 udp", "audio", 1, Later);

    private static SessionState EndedSession => new(
        "s1", "AVNE-ABCD-EFGH", "fp-host", "fp-hub", SessionType.CALL, Topology.Mesh, Tier.PRO, "u", At, Later,
        Protocol.SessionPhase.Ended, EndReason.COMPLETED,
        [
            new ParticipantState("fp-host", "Host", ParticipantRole.HOST, 87, At),
            new ParticipantState("fp-hub", "Hub", ParticipantRole.HUB, 99, At.AddMinutes(1)),
            new ParticipantState("fp-guest", "Guest", ParticipantRole.GUEST, 5, At.AddMinutes(2)),
        ],
        ImmutableDictionary<string, long>.Empty.Add("fp-hub", 64).Add("fp-guest", 128),
        // Two messages for one recipient, an emptied queue for another: both must come back as they were.
        ImmutableDictionary<string, ImmutableList<HeldMessage>>.Empty
            .Add("fp-guest", [Offer, Candidate])
            .Add("fp-hub", []),
        3, Later);

    private static SessionState FreshSession => new(
        "s2", "AVNE-WXYZ-2345", "fp-host", "fp-host", SessionType.CAST, Topology.Star, Tier.FREE, null, At, Later,
        Protocol.SessionPhase.Active, null, [], ImmutableDictionary<string, long>.Empty,
        ImmutableDictionary<string, ImmutableList<HeldMessage>>.Empty, 0, null);

    private static IEnumerable<Sample> Connections(IActorRef replyTo) =>
    [
        .. Events.Select(e => new Sample($"Push of {e.Name}", "ccp", new ConnectionCommands.Push("Event", (IServerEvent)e.Value))),
        new("Replace", "ccr", new ConnectionCommands.Replace("replaced by a newer connection")),
        new("Redeliver", "ccrd", new ConnectionCommands.Redeliver(
            [new(HubEvents.SdpOffer, new SdpEvent("s1", "fp-host", 42, "v=0")),
             new(HubEvents.IceCandidate, new IceCandidateEvent("s1", "fp-host", 43, "candidate:1", "audio", 1))],
            FullInfo, replyTo)),
        new("Redeliver nothing", "ccrd", new ConnectionCommands.Redeliver([], BareInfo, replyTo)),
    ];

    private static IEnumerable<Sample> Common =>
    [
        new("CommandRejected", "rj", new CommandRejected(ErrorCodes.SessionNotFound, "no such session")),
    ];

    private static Participant Guest => new("fp-guest", "Guest", "GUEST", 12, true, "2025-03-14T13:09:26.535Z");

    private static SessionInfo FullInfo => new(
        "s1", "AVNE-ABCD-EFGH", "CALL", "mesh", "PRO", 8, true, "fp-host", "fp-hub", "active",
        "2025-03-14T13:09:26.535Z", "2025-03-14T17:09:26.535Z",
        [Guest, Guest with { Fingerprint = "fp-host", Role = "HOST", Connected = false }], 3);

    private static SessionInfo BareInfo => new(
        "s1", "AVNE-ABCD-EFGH", "CAST", "star", "FREE", null, false, "fp-host", "fp-host", "ended",
        "2025-03-14T13:09:26.535Z", null, [], 0);

    private static IEnumerable<Sample> ProtocolRecords =>
    [
        new("RegisterDeviceResult", "prd", new RegisterDeviceResult("dev-1", true)),
        new("SessionInfo", "psi", FullInfo),
        new("SessionInfo without optionals", "psi", BareInfo),
        new("RelayResult", "prr", new RelayResult(false, true)),
        new("EmptyResult", "pem", EmptyResult.Instance),
    ];

    private static IEnumerable<Sample> Events =>
    [
        new("PeerJoinedEvent", "pvj", new PeerJoinedEvent("s1", Guest)),
        new("PeerLeftEvent", "pvl", new PeerLeftEvent("s1", "fp-guest", "LEFT")),
        new("PeerConnectionChangedEvent", "pvc", new PeerConnectionChangedEvent("s1", "fp-guest", true)),
        new("HubChangedEvent", "pvh", new HubChangedEvent("s1", "fp-hub", "fp-host", 99)),
        new("HubChangedEvent without previous", "pvh", new HubChangedEvent("s1", "fp-hub", null, 99)),
        new("SdpEvent", "pvs", new SdpEvent("s1", "fp-host", 42, "v=0\r\no=- 1 2 IN IP4 127.0.0.1")),
        new("IceCandidateEvent", "pvi", new IceCandidateEvent("s1", "fp-host", 43, "candidate:1 1 udp", "0", 0)),
        new("IceCandidateEvent without optionals", "pvi", new IceCandidateEvent("s1", "fp-host", 44, "candidate:2", null, null)),
        new("SessionEndedEvent", "pve", new SessionEndedEvent("s1", "COMPLETED")),
        new("PairRequestedEvent", "pvpr", new PairRequestedEvent("r1", "fp-a", "Phone", "2025-03-14T13:14:26.535Z")),
        new("PairEstablishedEvent", "pvpe", new PairEstablishedEvent("p1", "fp-b", "c2VjcmV0")),
        new("PairRequestClosedEvent", "pvpc", new PairRequestClosedEvent("r1")),
    ];
}
