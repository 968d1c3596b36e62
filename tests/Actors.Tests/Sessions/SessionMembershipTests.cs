using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Sessions;

public sealed class SessionMembershipTests(ITestOutputHelper output) : SessionSpec(output)
{
    [Fact]
    public void Create_describes_an_active_session_with_its_connected_host()
    {
        var info = Create(NewSession(), Connection());

        Assert.Equal(SessionId, info.SessionId);
        Assert.Equal(Code, info.InviteCode);
        Assert.Equal("CALL", info.SessionType);
        Assert.Equal("mesh", info.Topology);
        Assert.Equal("active", info.State);
        Assert.Equal(Host, info.HostFingerprint);
        Assert.Equal(Host, info.HubFingerprint);
        Assert.Equal("2030-01-01T00:00:00.000Z", info.CreatedAt);
        Assert.Equal(0, info.Redelivered);
        var host = Assert.Single(info.Participants);
        Assert.Equal(new Participant(Host, "device aaaa", "HOST", 500, true, "2030-01-01T00:00:00.000Z"), host);
    }

    [Theory]
    [InlineData(Tier.FREE, "FREE", 2, false, "2030-01-01T00:40:00.000Z")]
    [InlineData(Tier.PRO, "PRO", 10, true, "2030-01-02T00:00:00.000Z")]
    [InlineData(Tier.BUSINESS, "BUSINESS", 50, true, "2030-01-02T00:00:00.000Z")]
    [InlineData(Tier.ENTERPRISE, "ENTERPRISE", null, true, "2030-01-02T00:00:00.000Z")]
    public void Create_applies_the_limits_of_the_tier(Tier tier, string wireTier, int? maxPeers, bool turnAllowed,
        string expiresAt)
    {
        var info = Create(NewSession(), Connection(), tier);

        Assert.Equal((wireTier, maxPeers, turnAllowed, expiresAt),
            (info.Tier, info.MaxPeers, info.TurnAllowed, info.ExpiresAt));
    }

    [Fact]
    public void Creating_again_with_a_live_session_s_code_is_answered_taken_and_changes_nothing()
    {
        var session = NewSession();
        var original = Create(session, Connection());
        var anotherHost = CreateCommand(Connection(), Tier.PRO) with { Host = Entrant(Third, Connection(), 900) };

        Assert.Equal(new SessionReplies.InviteCodeTaken(Code), Reply<SessionReplies.InviteCodeTaken>(session, anotherHost));

        var info = Info(session);
        Assert.Equal(Code, info.InviteCode);
        Assert.Equal("FREE", info.Tier);
        Assert.Equal(original.Participants, info.Participants);
    }

    [Fact]
    public void A_repeated_create_of_the_same_request_describes_the_session_again()
    {
        var session = NewSession();
        var hostConnection = Connection();
        var original = Create(session, hostConnection);

        var again = Create(session, hostConnection);

        Assert.Equal(original.SessionId, again.SessionId);
        Assert.Equal(original.Participants, again.Participants);
    }

    [Fact]
    public void A_join_by_an_unknown_code_asks_the_shard_to_passivate_the_entity_it_started()
    {
        var shard = CreateTestProbe();
        var session = shard.ChildActorOf(SessionActor.Props(SessionId, Settings()));

        Rejected(session, new SessionCommands.Join(SessionId, Code, Entrant(Guest, Connection())), ErrorCodes.InviteNotFound);

        Assert.Equal(SessionCommands.HandOff.Instance, shard.ExpectMsg<Akka.Cluster.Sharding.Passivate>().StopMessage);
    }

    [Fact]
    public void A_create_under_an_id_its_code_does_not_derive_is_refused_and_writes_nothing()
    {
        var session = NewSession();

        Rejected(session, CreateCommand(Connection(), code: "AVNE-9999-9999"), ErrorCodes.Internal);

        Rejected(session, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionNotFound);
        Assert.Empty(JournalOf("session-" + SessionId));
    }

    [Fact]
    public void Commands_to_a_session_that_was_never_created_are_session_not_found()
    {
        var session = NewSession();
        var connection = Connection();

        Rejected(session, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionNotFound);
        Rejected(session, new SessionCommands.Join(SessionId, Code, Entrant(Guest, connection)), ErrorCodes.InviteNotFound);
        Rejected(session, new SessionCommands.Rejoin(SessionId, Entrant(Guest, connection), null), ErrorCodes.SessionNotFound);
        Rejected(session, new SessionCommands.Leave(SessionId, Guest), ErrorCodes.SessionNotFound);
        Rejected(session, RelayCommand(Guest, Host), ErrorCodes.SessionNotFound);

        Assert.False(connection.HasMessages);
        Assert.Equal("active", Create(session, Connection()).State);
    }

    [Fact]
    public void A_guest_joins_and_the_host_learns_about_it()
    {
        var hostConnection = Connection();
        var guestConnection = Connection();
        var session = NewSession();
        Create(session, hostConnection);
        Clock.Advance(TimeSpan.FromSeconds(30));

        var info = Join(session, Guest, guestConnection);

        var expectedGuest = new Participant(Guest, "device bbbb", "GUEST", 300, true, "2030-01-01T00:00:30.000Z");
        Assert.Equal([Host, Guest], info.Participants.Select(p => p.Fingerprint));
        Assert.Equal(expectedGuest, info.Participants[1]);
        Assert.Equal("HOST", info.Participants[0].Role);
        Assert.Equal(new PeerJoinedEvent(SessionId, expectedGuest), ExpectPush<PeerJoinedEvent>(hostConnection, HubEvents.PeerJoined));
        // The guest is not told about its own arrival.
        ExpectNothingBefore(session, Host, Guest, guestConnection);
    }

    [Fact]
    public void A_free_session_refuses_a_third_participant_and_stays_unchanged()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();
        var thirdConnection = Connection();

        Rejected(session, new SessionCommands.Join(SessionId, Code, Entrant(Third, thirdConnection)), ErrorCodes.SessionFull);

        Assert.Equal([Host, Guest], Info(session).Participants.Select(p => p.Fingerprint));
        ExpectNothingBefore(session, Guest, Host, hostConnection);
        ExpectNothingBefore(session, Host, Guest, guestConnection);
        Assert.False(thirdConnection.HasMessages);
        Rejected(session, RelayCommand(Third, Host), ErrorCodes.NotInSession);
    }

    [Fact]
    public void A_pro_session_takes_ten_participants_and_no_more()
    {
        var session = NewSession();
        Create(session, Connection(), Tier.PRO);
        var guests = Enumerable.Range(0, 9).Select(i => i.ToString("x").PadLeft(64, 'f')).ToList();

        foreach (var guest in guests) Join(session, guest, Connection());

        Assert.Equal(10, Info(session).Participants.Length);
        Rejected(session, new SessionCommands.Join(SessionId, Code, Entrant(Fp('e'), Connection())), ErrorCodes.SessionFull);
        Assert.Equal(10, Info(session).Participants.Length);
    }

    [Fact]
    public void A_participant_joining_again_with_a_new_connection_replaces_the_old_one_and_is_not_added_twice()
    {
        var (session, hostConnection, oldConnection) = HostAndGuest();
        var newConnection = Connection();

        var (info, redelivered) = ComeBack(session, Guest, newConnection);

        Assert.Empty(redelivered);
        Assert.Equal([Host, Guest], info.Participants.Select(p => p.Fingerprint));
        Assert.True(Single(info, Guest).Connected);
        // The old connection is closed, as its device has a newer one.
        oldConnection.ExpectMsg<ConnectionCommands.Replace>();
        // No second PeerJoined (nor a connection change) reaches the host.
        ExpectNothingBefore(session, Guest, Host, hostConnection);
        // Later relays go to the new connection only.
        Assert.Equal(1, ExpectNothingBefore(session, Host, Guest, newConnection).Seq);
        Assert.False(oldConnection.HasMessages);
    }

    [Fact]
    public void A_participant_of_a_full_free_session_can_still_come_back()
    {
        var (session, _, _) = HostAndGuest();

        var (info, _) = ComeBack(session, Guest, Connection());

        Assert.Equal(2, info.Participants.Length);
    }

    [Fact]
    public void A_guest_that_leaves_is_removed_and_the_host_is_told()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();

        Reply<EmptyResult>(session, new SessionCommands.Leave(SessionId, Guest));

        Assert.Equal(new PeerLeftEvent(SessionId, Guest, "LEFT"), ExpectPush<PeerLeftEvent>(hostConnection, HubEvents.PeerLeft));
        var info = Info(session);
        Assert.Equal("active", info.State);
        Assert.Equal([Host], info.Participants.Select(p => p.Fingerprint));
        Rejected(session, RelayCommand(Host, Guest), ErrorCodes.PeerNotInSession);
        Rejected(session, RelayCommand(Guest, Host), ErrorCodes.NotInSession);
        Rejected(session, new SessionCommands.Rejoin(SessionId, Entrant(Guest, Connection()), null), ErrorCodes.NotInSession);
        Assert.False(guestConnection.HasMessages);
    }

    [Fact]
    public void The_seat_of_a_guest_that_left_can_be_taken()
    {
        var (session, hostConnection, _) = HostAndGuest();
        Reply<EmptyResult>(session, new SessionCommands.Leave(SessionId, Guest));
        ExpectPush<PeerLeftEvent>(hostConnection, HubEvents.PeerLeft);

        Join(session, Third, Connection());

        Assert.Equal(Third, ExpectPush<PeerJoinedEvent>(hostConnection, HubEvents.PeerJoined).Participant.Fingerprint);
        Assert.Equal([Host, Third], Info(session).Participants.Select(p => p.Fingerprint));
    }

    [Fact]
    public void Leaving_a_session_one_is_not_in_is_not_in_session()
    {
        var (session, hostConnection, _) = HostAndGuest();

        Rejected(session, new SessionCommands.Leave(SessionId, Third), ErrorCodes.NotInSession);

        Assert.Equal(2, Info(session).Participants.Length);
        ExpectNothingBefore(session, Guest, Host, hostConnection);
    }

    [Fact]
    public void The_host_leaving_ends_the_session_for_everyone_and_its_invite_code_no_longer_resolves()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();

        session.Tell(new SessionCommands.Leave(SessionId, Host), TestActor);

        ExpectMsg<EmptyResult>();
        Assert.Equal(new SessionEndedEvent(SessionId, "HOST_LEFT"),
            ExpectPush<SessionEndedEvent>(guestConnection, HubEvents.SessionEnded));
        Rejected(session, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionEnded);
        Rejected(session, new SessionCommands.Join(SessionId, Code, Entrant(Third, Connection())), ErrorCodes.InviteNotFound);
        Rejected(session, new SessionCommands.Join(SessionId, Code, Entrant(Guest, Connection())), ErrorCodes.InviteNotFound);
        Rejected(session, new SessionCommands.Rejoin(SessionId, Entrant(Guest, Connection()), null), ErrorCodes.SessionEnded);
        Rejected(session, RelayCommand(Guest, Host), ErrorCodes.SessionEnded);
        Rejected(session, new SessionCommands.Leave(SessionId, Guest), ErrorCodes.SessionEnded);
        Assert.False(guestConnection.HasMessages);
        Assert.False(hostConnection.HasMessages);
    }

    [Fact]
    public void A_dropped_connection_is_reported_and_the_participant_stays()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();

        Drop(guestConnection, Guest, witness: hostConnection);

        var info = Info(session);
        Assert.Equal([Host, Guest], info.Participants.Select(p => p.Fingerprint));
        Assert.False(Single(info, Guest).Connected);
        Assert.True(Single(info, Host).Connected);
    }

    [Fact]
    public void Messages_to_a_disconnected_participant_are_queued_and_delivered_in_order_when_it_comes_back()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();
        Drop(guestConnection, Guest, witness: hostConnection);

        Assert.Equal(new RelayResult(false, true), Relay(session, Host, Guest, SignalKind.Offer, "offer-1"));
        Assert.Equal(new RelayResult(false, true),
            Relay(session, Host, Guest, SignalKind.IceCandidate, "candidate:1", "0", 0));
        Assert.Equal(new RelayResult(false, true), Relay(session, Host, Guest, SignalKind.IceCandidate, "", "0", 0));

        var newConnection = Connection();
        var (info, redelivered) = ComeBack(session, Guest, newConnection);

        Assert.True(Single(info, Guest).Connected);
        Assert.Equal(
            new[]
            {
                new ConnectionCommands.Push(HubEvents.SdpOffer, new SdpEvent(SessionId, Host, 1, "offer-1")),
                new ConnectionCommands.Push(HubEvents.IceCandidate, new IceCandidateEvent(SessionId, Host, 2, "candidate:1", "0", 0)),
                new ConnectionCommands.Push(HubEvents.IceCandidate, new IceCandidateEvent(SessionId, Host, 3, "", "0", 0)),
            },
            redelivered);
        Assert.Equal(new PeerConnectionChangedEvent(SessionId, Guest, true),
            ExpectPush<PeerConnectionChangedEvent>(hostConnection, HubEvents.PeerConnectionChanged));
        Assert.Equal(4, ExpectNothingBefore(session, Host, Guest, newConnection).Seq);
    }

    [Fact]
    public void Queued_messages_are_delivered_once()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();
        Drop(guestConnection, Guest, witness: hostConnection);
        Relay(session, Host, Guest, SignalKind.Offer, "offer-1");
        ComeBack(session, Guest, Connection());

        var (_, again) = ComeBack(session, Guest, Connection());

        Assert.Empty(again);
    }

    [Fact]
    public void A_replaced_connection_that_drops_later_does_not_disconnect_the_participant()
    {
        var (session, hostConnection, oldConnection) = HostAndGuest();
        var newConnection = Connection();
        ComeBack(session, Guest, newConnection);
        oldConnection.ExpectMsg<ConnectionCommands.Replace>();

        Sys.Stop(oldConnection.Ref);

        // Whatever the session does with the old connection's Terminated, the guest stays connected.
        ExpectNothingBefore(session, Guest, Host, hostConnection);
        Assert.True(Single(Info(session), Guest).Connected);
        ExpectNothingBefore(session, Host, Guest, newConnection);
    }
}
