using Akka.Actor;
using Akka.TestKit;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Sessions;

/// <summary>Session entities created directly, with TestProbes as connection actors and as the invite region.</summary>
public abstract class SessionSpec : ActorSpec
{
    protected const string Code = "AVNE-2345-6789";
    protected const string SessionId = "5b0e7a52-2c1e-4f7e-9a51-1c9f0f1f7d10";
    protected static readonly string Host = Fp('a');
    protected static readonly string Guest = Fp('b');
    protected static readonly string Third = Fp('c');

    protected SessionSpec(ITestOutputHelper output) : base(output)
    {
        Invites = CreateTestProbe("invites");
    }

    /// <summary>Stands in for the invite shard region.</summary>
    protected TestProbe Invites { get; }

    protected SessionSettings Settings(EntitySettings? entity = null, int seqBlockSize = 1024) =>
        new(Clock, entity ?? Entity, Invites.Ref, seqBlockSize);

    protected IActorRef NewSession(SessionSettings? settings = null, string id = SessionId) =>
        Sys.ActorOf(SessionActor.Props(id, settings ?? Settings()));

    protected static Entrant Entrant(string fingerprint, TestProbe connection, int score = 300) =>
        new(fingerprint, "device " + fingerprint[..4], score, connection.Ref);

    protected static SessionCommands.Create CreateCommand(TestProbe hostConnection, Tier tier = Tier.FREE,
        string code = Code, string id = SessionId) =>
        new(id, code, Entrant(Host, hostConnection, 500), SessionType.CALL, Topology.Mesh, tier, "user-1");

    protected SessionInfo Create(IActorRef session, TestProbe hostConnection, Tier tier = Tier.FREE) =>
        Reply<SessionInfo>(session, CreateCommand(hostConnection, tier));

    protected SessionInfo Join(IActorRef session, string fingerprint, TestProbe connection) =>
        Reply<SessionInfo>(session, new SessionCommands.Join(SessionId, Entrant(fingerprint, connection)));

    protected SessionInfo Info(IActorRef session) => Reply<SessionInfo>(session, new SessionCommands.GetInfo(SessionId));

    protected static SessionCommands.Relay RelayCommand(string from, string to, SignalKind kind = SignalKind.Offer,
        string body = "v=0 sdp", string? sdpMid = null, int? sdpMLineIndex = null) =>
        new(SessionId, from, to, kind, body, sdpMid, sdpMLineIndex);

    protected RelayResult Relay(IActorRef session, string from, string to, SignalKind kind = SignalKind.Offer,
        string body = "v=0 sdp", string? sdpMid = null, int? sdpMLineIndex = null) =>
        Reply<RelayResult>(session, RelayCommand(from, to, kind, body, sdpMid, sdpMLineIndex));

    /// <summary>
    /// Relays a marker offer and expects it to be the very next message of the target's connection: whatever
    /// the session sent that connection before the marker would arrive first.
    /// </summary>
    protected SdpEvent ExpectNothingBefore(IActorRef session, string from, string to, TestProbe toConnection)
    {
        var marker = "marker " + Guid.NewGuid();
        Assert.Equal(new RelayResult(true, false), Relay(session, from, to, SignalKind.Offer, marker));
        var offer = ExpectPush<SdpEvent>(toConnection, HubEvents.SdpOffer);
        Assert.Equal(marker, offer.Sdp);
        return offer;
    }

    /// <summary>A FREE-by-default session with a connected host and guest; the host's PeerJoined is consumed.</summary>
    protected (IActorRef Session, TestProbe HostConnection, TestProbe GuestConnection) HostAndGuest(
        Tier tier = Tier.FREE, SessionSettings? settings = null)
    {
        var hostConnection = CreateTestProbe();
        var guestConnection = CreateTestProbe();
        var session = NewSession(settings);
        Create(session, hostConnection, tier);
        Join(session, Guest, guestConnection);
        var joined = ExpectPush<PeerJoinedEvent>(hostConnection, HubEvents.PeerJoined);
        Assert.Equal(Guest, joined.Participant.Fingerprint);
        return (session, hostConnection, guestConnection);
    }

    protected static Participant Single(SessionInfo info, string fingerprint) =>
        Assert.Single(info.Participants, p => p.Fingerprint == fingerprint);
}
