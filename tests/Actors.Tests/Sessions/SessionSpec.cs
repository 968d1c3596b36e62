using Akka.Actor;
using Akka.TestKit;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Sessions;

/// <summary>Session entities created directly, with TestProbes as connection actors and as the invite region.</summary>
public abstract class SessionSpec : ActorSpec
{
    protected const string Code = "AVNE-2345-6789";
    /// <summary>The id <see cref="Code"/> derives: the only id a session with that code may have.</summary>
    protected static readonly string SessionId = InviteSessionIds.Of(Code);
    protected static readonly string Host = Fp('a');
    protected static readonly string Guest = Fp('b');
    protected static readonly string Third = Fp('c');

    /// <summary>Ticks never fire during a test: expiry is only noticed when a command arrives.</summary>
    protected static readonly SessionPolicy QuietPolicy = new(TimeSpan.FromMinutes(5), 0.10, TimeSpan.FromHours(1));

    /// <summary>Ticks fire often, so grace periods and expiry are noticed soon after the clock moves.</summary>
    protected static readonly SessionPolicy TickingPolicy = QuietPolicy with { TickInterval = TimeSpan.FromMilliseconds(50) };

    protected SessionSpec(ITestOutputHelper output) : base(output)
    {
    }

    protected SessionSettings Settings(EntitySettings? entity = null, SessionPolicy? policy = null) =>
        new(Clock, entity ?? Entity, ReadModel, policy ?? QuietPolicy);

    protected IActorRef NewSession(SessionSettings? settings = null, string? id = null) =>
        Sys.ActorOf(SessionActor.Props(id ?? SessionId, settings ?? Settings()));

    /// <summary>
    /// A probe standing in for a ConnectionActor. Like the real one it answers a Redeliver by telling its
    /// reply to ReplyTo; the Redeliver itself stays in the probe's queue for the test to inspect.
    /// </summary>
    protected TestProbe Connection()
    {
        var probe = CreateTestProbe();
        probe.SetAutoPilot(new DelegateAutoPilot((_, message) =>
        {
            if (message is ConnectionCommands.Redeliver redeliver) redeliver.ReplyTo.Tell(redeliver.Reply);
            return AutoPilot.KeepRunning;
        }));
        return probe;
    }

    protected static Entrant Entrant(string fingerprint, TestProbe connection, int? score = 300) =>
        new(fingerprint, "device " + fingerprint[..4], score, connection.Ref);

    protected static SessionCommands.Create CreateCommand(TestProbe hostConnection, Tier tier = Tier.FREE,
        string code = Code, string? id = null) =>
        new(id ?? SessionId, code, Entrant(Host, hostConnection, 500), SessionType.CALL, Topology.Mesh, tier, "user-1");

    protected SessionInfo Create(IActorRef session, TestProbe hostConnection, Tier tier = Tier.FREE) =>
        Reply<SessionInfo>(session, CreateCommand(hostConnection, tier));

    protected SessionInfo Join(IActorRef session, string fingerprint, TestProbe connection, int? score = 300) =>
        Reply<SessionInfo>(session, new SessionCommands.Join(SessionId, Code, Entrant(fingerprint, connection, score)));

    /// <summary>
    /// A participant comes back (by Join, or by Rejoin with lastSeq): the new connection's next message is the
    /// Redeliver carrying the held messages, and its reply reaches the caller.
    /// </summary>
    /// <param name="becomesHub">
    /// Set when nobody stronger is connected (as after a restart): the participant takes over as hub and
    /// hears HubChanged just before its redelivery.
    /// </param>
    protected (SessionInfo Info, ConnectionCommands.Push[] Pushes) ComeBack(IActorRef session, string fingerprint,
        TestProbe connection, long? lastSeq = null, bool byRejoin = false, bool becomesHub = false)
    {
        object command = byRejoin
            ? new SessionCommands.Rejoin(SessionId, Entrant(fingerprint, connection, null), lastSeq)
            : new SessionCommands.Join(SessionId, Code, Entrant(fingerprint, connection));
        session.Tell(command, TestActor);
        if (becomesHub)
            Assert.Equal(fingerprint, ExpectPush<HubChangedEvent>(connection, HubEvents.HubChanged).HubFingerprint);
        var redeliver = connection.ExpectMsg<ConnectionCommands.Redeliver>();
        Assert.Equal(TestActor, redeliver.ReplyTo);
        var info = Assert.IsType<SessionInfo>(ExpectMsg<object>());
        Assert.Equal(redeliver.Reply, info);
        Assert.Equal(redeliver.Pushes.Length, info.Redelivered);
        return (info, redeliver.Pushes);
    }

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

    /// <summary>Drops a connection and waits until the other connection hears of it.</summary>
    protected void Drop(TestProbe connection, string fingerprint, TestProbe witness)
    {
        Sys.Stop(connection.Ref);
        Assert.Equal(new PeerConnectionChangedEvent(SessionId, fingerprint, false),
            ExpectPush<PeerConnectionChangedEvent>(witness, HubEvents.PeerConnectionChanged));
    }

    /// <summary>A FREE-by-default session with a connected host (score 500) and guest (300); the host's PeerJoined is consumed.</summary>
    protected (IActorRef Session, TestProbe HostConnection, TestProbe GuestConnection) HostAndGuest(
        Tier tier = Tier.FREE, SessionSettings? settings = null)
    {
        var hostConnection = Connection();
        var guestConnection = Connection();
        var session = NewSession(settings);
        Create(session, hostConnection, tier);
        Join(session, Guest, guestConnection);
        var joined = ExpectPush<PeerJoinedEvent>(hostConnection, HubEvents.PeerJoined);
        Assert.Equal(Guest, joined.Participant.Fingerprint);
        return (session, hostConnection, guestConnection);
    }

    protected static Participant Single(SessionInfo info, string fingerprint) =>
        Assert.Single(info.Participants, p => p.Fingerprint == fingerprint);

    protected static long[] Seqs(IEnumerable<ConnectionCommands.Push> pushes) => pushes.Select(p => p.Payload switch
    {
        SdpEvent e => e.Seq,
        IceCandidateEvent e => e.Seq,
        _ => throw new InvalidOperationException($"{p.Method} carries no seq"),
    }).ToArray();
}
