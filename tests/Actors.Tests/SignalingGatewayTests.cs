using Akka.Actor;
using Akka.TestKit;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.Devices;
using SignalingAkka.Actors.Hosting;
using SignalingAkka.Actors.Licensing;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests;

public sealed class SignalingGatewayTests : ActorSpec
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private readonly StubLicenses _licenses = new(LicenseCheck.Valid(Tier.FREE, "user-1"));
    private readonly RecordingPusher _pusher = new();
    private readonly IActorRef _sessions;
    private readonly IActorRef _devices;
    private readonly IActorRef _connections;

    public SignalingGatewayTests(ITestOutputHelper output) : base(output)
    {
        // Sessions and connection actors share this node's clients, as in the daemon: pushes to real connection
        // actors go straight to the pusher, pushes to test probes through the probes.
        var clients = new LocalClients(_pusher);
        var sessionSettings = new SessionSettings(Clock, Entity, ReadModel,
            new SessionPolicy(TimeSpan.FromMinutes(5), 0.10, TimeSpan.FromHours(1)), clients);
        _sessions = Sys.ActorOf(EntityHost.Props(id => SessionActor.Props(id, sessionSettings)), "sessions");
        _devices = Sys.ActorOf(EntityHost.Props(fp => DeviceActor.Props(fp, Clock, Entity, ReadModel)), "devices");
        _connections = Sys.ActorOf(ConnectionsActor.Props(clients), "connections");
    }

    private SignalingGateway Gateway(IActorRef? sessions = null, TimeSpan? askTimeout = null) =>
        new(sessions ?? _sessions, _devices, _connections, _licenses, askTimeout ?? AskTimeout);

    private static Entrant Entrant(string fingerprint, TestProbe connection) =>
        new(fingerprint, "device " + fingerprint[..4], 300, connection.Ref);

    private static async Task<SignalingRejection> Refused(string code, Func<Task> call)
    {
        var rejection = await Assert.ThrowsAsync<SignalingRejection>(call);
        Assert.Equal(code, rejection.Code);
        Assert.StartsWith(code + ": ", rejection.Message);
        return rejection;
    }

    [Fact]
    public async Task A_session_created_through_the_gateway_can_be_joined_by_its_invite_code()
    {
        var gateway = Gateway();
        var hostConnection = CreateTestProbe();

        var created = await gateway.CreateSessionAsync("licence", Entrant(Fp('a'), hostConnection), SessionType.CAST,
            Topology.Star, CancellationToken.None);

        Assert.True(InviteCodes.TryNormalize(created.InviteCode, out var canonical));
        Assert.Equal(canonical, created.InviteCode);
        Assert.Equal(("active", "FREE", "CAST", "star"), (created.State, created.Tier, created.SessionType, created.Topology));
        Assert.Equal(["licence"], _licenses.Tokens);

        var joined = await gateway.JoinSessionAsync(created.InviteCode, Entrant(Fp('b'), CreateTestProbe()), CancellationToken.None);

        Assert.Equal(created.SessionId, joined.SessionId);
        Assert.Equal([Fp('a'), Fp('b')], joined.Participants.Select(p => p.Fingerprint));
        Assert.Equal(Fp('b'), ExpectPush<PeerJoinedEvent>(hostConnection, HubEvents.PeerJoined).Participant.Fingerprint);
        var info = await gateway.GetSessionAsync(created.SessionId, CancellationToken.None);
        Assert.Equal(joined with { Participants = [] }, info with { Participants = [] });
        Assert.Equal(joined.Participants, info.Participants);
    }

    [Fact]
    public async Task A_rejoin_through_real_connection_actors_pushes_what_was_missed_before_it_returns()
    {
        var gateway = Gateway();
        var hostConnection = CreateTestProbe();
        var created = await gateway.CreateSessionAsync("licence", Entrant(Fp('a'), hostConnection), SessionType.CALL,
            Topology.Mesh, CancellationToken.None);
        var first = await gateway.OpenConnectionAsync("guest-1", Fp('b'), CancellationToken.None);
        await gateway.JoinSessionAsync(created.InviteCode, new Entrant(Fp('b'), "guest", 300, first), CancellationToken.None);
        await gateway.RelayAsync(Offer(created.SessionId, "pushed 1"), CancellationToken.None);
        AwaitAssert(() => Assert.Single(_pusher.Pushes));
        Watch(first);
        gateway.CloseConnection("guest-1");
        ExpectTerminated(first);
        ExpectPush<PeerJoinedEvent>(hostConnection, HubEvents.PeerJoined);
        ExpectPush<PeerConnectionChangedEvent>(hostConnection, HubEvents.PeerConnectionChanged);
        Assert.Equal(new RelayResult(false, true),
            await gateway.RelayAsync(Offer(created.SessionId, "queued 2"), CancellationToken.None));
        var second = await gateway.OpenConnectionAsync("guest-2", Fp('b'), CancellationToken.None);

        var info = await gateway.RejoinSessionAsync(created.SessionId, new Entrant(Fp('b'), "guest", null, second), 0,
            CancellationToken.None);

        // Everything the rejoin redelivers was pushed before its reply was sent.
        Assert.Equal(2, info.Redelivered);
        Assert.Equal(
            [("guest-1", "pushed 1", 1L), ("guest-2", "pushed 1", 1L), ("guest-2", "queued 2", 2L)],
            _pusher.Pushes.Select(p => (p.ConnectionId, ((SdpEvent)p.Payload).Sdp, ((SdpEvent)p.Payload).Seq)));
    }

    [Fact]
    public async Task A_relay_without_a_result_is_delivered_and_its_errors_are_answered_to_nobody()
    {
        var gateway = Gateway();
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters, typeof(Akka.Event.DeadLetter));
        var created = await gateway.CreateSessionAsync("licence", Entrant(Fp('a'), CreateTestProbe()), SessionType.CALL,
            Topology.Mesh, CancellationToken.None);
        var guest = await gateway.OpenConnectionAsync("guest-1", Fp('b'), CancellationToken.None);
        await gateway.JoinSessionAsync(created.InviteCode, new Entrant(Fp('b'), "guest", 300, guest), CancellationToken.None);

        gateway.Relay(new SessionCommands.Relay(created.SessionId, Fp('c'), Fp('b'), SignalKind.Offer, "stranger", null, null));
        gateway.Relay(new SessionCommands.Relay(Guid.NewGuid().ToString(), Fp('a'), Fp('b'), SignalKind.Offer, "nowhere", null, null));
        gateway.Relay(Offer(created.SessionId, "fire and forget"));

        AwaitAssert(() => Assert.Equal([("guest-1", "fire and forget", 1L)],
            _pusher.Pushes.Select(p => (p.ConnectionId, ((SdpEvent)p.Payload).Sdp, ((SdpEvent)p.Payload).Seq))));
        deadLetters.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_relay_without_a_result_goes_straight_to_a_listed_session_entity_and_otherwise_to_the_region()
    {
        var region = CreateTestProbe();
        var entity = CreateTestProbe();
        var sessions = new LocalSessions();
        var gateway = new SignalingGateway(region.Ref, _devices, _connections, _licenses, AskTimeout, sessions);
        var listed = Guid.NewGuid().ToString();
        sessions.Add(listed, entity.Ref);

        gateway.Relay(Offer(listed, "direct"));
        gateway.Relay(Offer(Guid.NewGuid().ToString(), "through the region"));

        Assert.Equal("direct", entity.ExpectMsg<SessionCommands.Relay>(r => !r.ResultWanted).Body);
        Assert.Equal("through the region", region.ExpectMsg<SessionCommands.Relay>().Body);
        entity.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Calls_for_a_listed_session_ask_its_entity_and_calls_for_others_the_region()
    {
        var region = CreateTestProbe();
        var entity = CreateTestProbe();
        var sessions = new LocalSessions();
        var gateway = new SignalingGateway(region.Ref, _devices, _connections, _licenses, AskTimeout, sessions);
        var listed = InviteSessionIds.Of("AVNE-2345-6789");
        sessions.Add(listed, entity.Ref);

        var leave = gateway.LeaveSessionAsync(listed, Fp('b'), CancellationToken.None);
        entity.ExpectMsg<SessionCommands.Leave>();
        entity.Reply(EmptyResult.Instance);
        await leave;

        var join = gateway.JoinSessionAsync("AVNE-2345-6789", Entrant(Fp('c'), CreateTestProbe()), CancellationToken.None);
        entity.ExpectMsg<SessionCommands.Join>();
        entity.Reply(new CommandRejected(ErrorCodes.SessionFull, "full"));
        await Refused(ErrorCodes.SessionFull, () => join);

        var elsewhere = gateway.GetSessionAsync(Guid.NewGuid().ToString(), CancellationToken.None);
        region.ExpectMsg<SessionCommands.GetInfo>();
        region.Reply(new CommandRejected(ErrorCodes.SessionNotFound, "no such session"));
        await Refused(ErrorCodes.SessionNotFound, () => elsewhere);
        entity.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    private static SessionCommands.Relay Offer(string sessionId, string sdp) =>
        new(sessionId, Fp('a'), Fp('b'), SignalKind.Offer, sdp, null, null);

    [Fact]
    public async Task A_refusal_of_an_entity_becomes_a_rejection_with_its_code()
    {
        var gateway = Gateway();
        var created = await gateway.CreateSessionAsync("licence", Entrant(Fp('a'), CreateTestProbe()), SessionType.CALL,
            Topology.Mesh, CancellationToken.None);
        await gateway.JoinSessionAsync(created.InviteCode, Entrant(Fp('b'), CreateTestProbe()), CancellationToken.None);

        await Refused(ErrorCodes.SessionFull, () =>
            gateway.JoinSessionAsync(created.InviteCode, Entrant(Fp('c'), CreateTestProbe()), CancellationToken.None));
        await Refused(ErrorCodes.SessionNotFound, () =>
            gateway.GetSessionAsync(Guid.NewGuid().ToString(), CancellationToken.None));
        await Refused(ErrorCodes.NotInSession, () =>
            gateway.RelayAsync(new SessionCommands.Relay(created.SessionId, Fp('c'), Fp('a'), SignalKind.Offer, "sdp", null, null),
                CancellationToken.None));
        await Refused(ErrorCodes.NotInSession, () =>
            gateway.LeaveSessionAsync(created.SessionId, Fp('c'), CancellationToken.None));
    }

    [Fact]
    public async Task A_device_key_mismatch_becomes_a_key_mismatch_rejection()
    {
        var gateway = Gateway();
        var fp = Fp('d');
        var first = await gateway.RegisterDeviceAsync(
            new DeviceCommands.Register(fp, "key-a", "Phone", Platform.IOS, DeviceType.PHONE, null), CancellationToken.None);

        await Refused(ErrorCodes.KeyMismatch, () => gateway.RegisterDeviceAsync(
            new DeviceCommands.Register(fp, "key-b", "Phone", Platform.IOS, DeviceType.PHONE, null), CancellationToken.None));

        var found = await gateway.FindDeviceAsync(fp, CancellationToken.None);
        Assert.Equal((first.DeviceId, "key-a"), (found?.DeviceId, found?.PublicKey));
        Assert.Null(await gateway.FindDeviceAsync(Fp('e'), CancellationToken.None));
        await Refused(ErrorCodes.NotRegistered, () => gateway.SetDeviceBlockedAsync(Fp('e'), true, CancellationToken.None));
    }

    [Fact]
    public async Task An_invalid_licence_is_licence_invalid_and_starts_no_session()
    {
        var sessions = CreateTestProbe();
        var licenses = new StubLicenses(LicenseCheck.Invalid("the licence expired"));
        var gateway = new SignalingGateway(sessions.Ref, _devices, _connections, licenses, AskTimeout);

        var rejection = await Refused(ErrorCodes.LicenseInvalid, () =>
            gateway.CreateSessionAsync("expired", Entrant(Fp('a'), CreateTestProbe()), SessionType.CALL, Topology.Mesh,
                CancellationToken.None));

        Assert.Equal("the licence expired", rejection.Text);
        Assert.False(sessions.HasMessages);
    }

    [Fact]
    public async Task Joining_with_a_code_of_no_session_is_invite_not_found()
    {
        var gateway = Gateway();

        await Refused(ErrorCodes.InviteNotFound, () =>
            gateway.JoinSessionAsync("AVNE-ZZZZ-ZZZZ", Entrant(Fp('b'), CreateTestProbe()), CancellationToken.None));
    }

    [Fact]
    public async Task A_join_goes_to_the_session_its_code_derives()
    {
        var sessions = CreateTestProbe();
        var gateway = Gateway(sessions: sessions.Ref, askTimeout: TimeSpan.FromMilliseconds(200));

        var join = gateway.JoinSessionAsync("AVNE-ZZZZ-ZZZZ", Entrant(Fp('b'), CreateTestProbe()), CancellationToken.None);

        var sent = sessions.ExpectMsg<SessionCommands.Join>();
        Assert.Equal((InviteSessionIds.Of("AVNE-ZZZZ-ZZZZ"), "AVNE-ZZZZ-ZZZZ"), (sent.SessionId, sent.InviteCode));
        await Refused(ErrorCodes.Unavailable, () => join);
    }

    [Fact]
    public async Task The_code_of_a_session_whose_host_left_no_longer_resolves()
    {
        var gateway = Gateway();
        var created = await gateway.CreateSessionAsync("licence", Entrant(Fp('a'), CreateTestProbe()), SessionType.CALL,
            Topology.Mesh, CancellationToken.None);

        await gateway.LeaveSessionAsync(created.SessionId, Fp('a'), CancellationToken.None);

        await AwaitAssertAsync(() => Refused(ErrorCodes.InviteNotFound, () =>
            gateway.JoinSessionAsync(created.InviteCode, Entrant(Fp('b'), CreateTestProbe()), CancellationToken.None)));
        await Refused(ErrorCodes.SessionEnded, () => gateway.GetSessionAsync(created.SessionId, CancellationToken.None));
    }

    [Fact]
    public async Task A_taken_code_is_retried_with_another_and_the_session_takes_the_id_its_code_derives()
    {
        var sessions = CreateTestProbe();
        var creates = new List<SessionCommands.Create>();
        sessions.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            var create = (SessionCommands.Create)message;
            int count;
            lock (creates)
            {
                creates.Add(create);
                count = creates.Count;
            }

            if (count < 3) sender.Tell(new SessionReplies.InviteCodeTaken(create.InviteCode));
            else _sessions.Tell(create, sender);
            return AutoPilot.KeepRunning;
        }));
        _licenses.Result = LicenseCheck.Valid(Tier.PRO, "user-2");
        var gateway = Gateway(sessions: sessions.Ref);

        var created = await gateway.CreateSessionAsync("licence", Entrant(Fp('a'), CreateTestProbe()), SessionType.CALL,
            Topology.Mesh, CancellationToken.None);

        lock (creates)
        {
            Assert.Equal(3, creates.Count);
            Assert.Equal(3, creates.Select(c => c.InviteCode).Distinct().Count());
            Assert.All(creates, c => Assert.Equal(InviteSessionIds.Of(c.InviteCode), c.SessionId));
            Assert.Equal(created.InviteCode, creates[^1].InviteCode);
        }

        Assert.Equal(InviteSessionIds.Of(created.InviteCode), created.SessionId);
        Assert.Equal(("PRO", WireTime.Of(Start + TimeSpan.FromHours(24))), (created.Tier, created.ExpiresAt));
    }

    [Fact]
    public async Task When_every_code_drawn_is_taken_the_create_is_unavailable()
    {
        var sessions = CreateTestProbe();
        var attempts = 0;
        sessions.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            Interlocked.Increment(ref attempts);
            sender.Tell(new SessionReplies.InviteCodeTaken(((SessionCommands.Create)message).InviteCode));
            return AutoPilot.KeepRunning;
        }));
        var gateway = Gateway(sessions: sessions.Ref);

        await Refused(ErrorCodes.Unavailable, () => gateway.CreateSessionAsync("licence",
            Entrant(Fp('a'), CreateTestProbe()), SessionType.CALL, Topology.Mesh, CancellationToken.None));

        Assert.Equal(8, Volatile.Read(ref attempts));
    }

    [Fact]
    public async Task An_entity_that_does_not_answer_in_time_is_unavailable()
    {
        var silent = CreateTestProbe();
        var gateway = Gateway(sessions: silent.Ref, askTimeout: TimeSpan.FromMilliseconds(200));

        await Refused(ErrorCodes.Unavailable, () => gateway.GetSessionAsync("any", CancellationToken.None));

        silent.ExpectMsg<SessionCommands.GetInfo>();
    }

    [Fact]
    public async Task Connections_are_opened_counted_and_closed_through_the_gateway()
    {
        var gateway = Gateway();

        var first = await gateway.OpenConnectionAsync("conn-1", Fp('a'), CancellationToken.None);
        var again = await gateway.OpenConnectionAsync("conn-1", Fp('a'), CancellationToken.None);
        await gateway.OpenConnectionAsync("conn-2", Fp('b'), CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(2, await gateway.CountConnectionsAsync(CancellationToken.None));
        Watch(first);
        gateway.CloseConnection("conn-1");
        ExpectTerminated(first);
        await AwaitAssertAsync(async () => Assert.Equal(1, await gateway.CountConnectionsAsync(CancellationToken.None)));
    }

    private sealed class StubLicenses(LicenseCheck result) : ILicenseValidator
    {
        private readonly List<string> _tokens = [];

        public LicenseCheck Result { get; set; } = result;

        public IReadOnlyList<string> Tokens
        {
            get { lock (_tokens) return _tokens.ToArray(); }
        }

        public Task<LicenseCheck> ValidateAsync(string licenseToken, CancellationToken cancellationToken)
        {
            lock (_tokens) _tokens.Add(licenseToken);
            return Task.FromResult(Result);
        }
    }
}
