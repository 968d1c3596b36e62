using Akka.Actor;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Invites;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Sessions;

public sealed class SessionMembershipTests(ITestOutputHelper output) : SessionSpec(output)
{
    [Fact]
    public void Create_describes_an_active_session_with_its_connected_host()
    {
        var hostConnection = CreateTestProbe();

        var info = Create(NewSession(), hostConnection);

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
        var info = Create(NewSession(), CreateTestProbe(), tier);

        Assert.Equal((wireTier, maxPeers, turnAllowed, expiresAt),
            (info.Tier, info.MaxPeers, info.TurnAllowed, info.ExpiresAt));
    }

    [Fact]
    public void Creating_an_existing_session_with_another_code_is_refused_and_changes_nothing()
    {
        var session = NewSession();
        var original = Create(session, CreateTestProbe());

        Reply<CommandRejected>(session, CreateCommand(CreateTestProbe(), Tier.PRO, code: "AVNE-9999-9999"));

        var info = Info(session);
        Assert.Equal(Code, info.InviteCode);
        Assert.Equal("FREE", info.Tier);
        Assert.Equal(original.Participants, info.Participants);
    }

    [Fact]
    public void A_repeated_create_of_the_same_request_describes_the_session_again()
    {
        var session = NewSession();
        var hostConnection = CreateTestProbe();
        var original = Create(session, hostConnection);

        var again = Create(session, hostConnection);

        Assert.Equal(original.SessionId, again.SessionId);
        Assert.Equal(original.Participants, again.Participants);
    }

    [Fact]
    public void Commands_to_a_session_that_was_never_created_are_session_not_found()
    {
        var session = NewSession();
        var connection = CreateTestProbe();

        Rejected(session, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionNotFound);
        Rejected(session, new SessionCommands.Join(SessionId, Entrant(Guest, connection)), ErrorCodes.SessionNotFound);
        Rejected(session, new SessionCommands.Leave(SessionId, Guest), ErrorCodes.SessionNotFound);
        Rejected(session, RelayCommand(Guest, Host), ErrorCodes.SessionNotFound);

        Assert.False(connection.HasMessages);
        Assert.Equal("active", Create(session, CreateTestProbe()).State);
    }

    [Fact]
    public void A_guest_joins_and_the_host_learns_about_it()
    {
        var hostConnection = CreateTestProbe();
        var guestConnection = CreateTestProbe();
        var session = NewSession();
        Create(session, hostConnection);
        Clock.Advance(TimeSpan.FromSeconds(30));

        var info = Join(session, Guest, guestConnection);

        var expectedGuest = new Participant(Guest, "device bbbb", "GUEST", 300, true, "2030-01-01T00:00:30.000Z");
        Assert.Equal([Host, Guest], info.Participants.Select(p => p.Fingerprint));
        Assert.Equal(expectedGuest, info.Participants[1]);
        Assert.Equal("HOST", info.Participants[0].Role);
        var joined = ExpectPush<PeerJoinedEvent>(hostConnection, HubEvents.PeerJoined);
        Assert.Equal(new PeerJoinedEvent(SessionId, expectedGuest), joined);
        // The guest is not told about its own arrival.
        ExpectNothingBefore(session, Host, Guest, guestConnection);
    }

    [Fact]
    public void A_free_session_refuses_a_third_participant_and_stays_unchanged()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();
        var thirdConnection = CreateTestProbe();

        Rejected(session, new SessionCommands.Join(SessionId, Entrant(Third, thirdConnection)), ErrorCodes.SessionFull);

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
        Create(session, CreateTestProbe(), Tier.PRO);
        var guests = Enumerable.Range(0, 9).Select(i => i.ToString("x").PadLeft(64, 'f')).ToList();

        foreach (var guest in guests) Join(session, guest, CreateTestProbe());

        Assert.Equal(10, Info(session).Participants.Length);
        Rejected(session, new SessionCommands.Join(SessionId, Entrant(Fp('e'), CreateTestProbe())), ErrorCodes.SessionFull);
        Assert.Equal(10, Info(session).Participants.Length);
    }

    [Fact]
    public void A_participant_joining_again_with_a_new_connection_is_not_added_twice()
    {
        var (session, hostConnection, oldConnection) = HostAndGuest();
        var newConnection = CreateTestProbe();

        var info = Join(session, Guest, newConnection);

        Assert.Equal([Host, Guest], info.Participants.Select(p => p.Fingerprint));
        Assert.True(Single(info, Guest).Connected);
        // No second PeerJoined (nor anything else) reaches the host.
        ExpectNothingBefore(session, Guest, Host, hostConnection);
        // Later relays go to the new connection only.
        var offer = ExpectNothingBefore(session, Host, Guest, newConnection);
        Assert.Equal(1, offer.Seq);
        Assert.False(oldConnection.HasMessages);
    }

    [Fact]
    public void A_rejoin_of_a_full_free_session_is_not_refused()
    {
        var (session, _, _) = HostAndGuest();

        var info = Join(session, Guest, CreateTestProbe());

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
        Assert.False(guestConnection.HasMessages);
    }

    [Fact]
    public void A_guest_that_left_can_join_again_in_its_free_seat()
    {
        var (session, hostConnection, _) = HostAndGuest();
        Reply<EmptyResult>(session, new SessionCommands.Leave(SessionId, Guest));
        ExpectPush<PeerLeftEvent>(hostConnection, HubEvents.PeerLeft);

        Join(session, Third, CreateTestProbe());

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
    public void The_host_leaving_ends_the_session_for_everyone_and_releases_the_invite_code()
    {
        var (session, _, guestConnection) = HostAndGuest();

        Reply<EmptyResult>(session, new SessionCommands.Leave(SessionId, Host));

        Assert.Equal(new SessionEndedEvent(SessionId, "HOST_LEFT"),
            ExpectPush<SessionEndedEvent>(guestConnection, HubEvents.SessionEnded));
        Assert.Equal(new InviteCommands.Release(Code, SessionId), Invites.ExpectMsg<InviteCommands.Release>());
        Rejected(session, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionEnded);
        Rejected(session, new SessionCommands.Join(SessionId, Entrant(Third, CreateTestProbe())), ErrorCodes.SessionEnded);
        Rejected(session, new SessionCommands.Join(SessionId, Entrant(Guest, CreateTestProbe())), ErrorCodes.SessionEnded);
        Rejected(session, RelayCommand(Guest, Host), ErrorCodes.SessionEnded);
        Rejected(session, new SessionCommands.Leave(SessionId, Guest), ErrorCodes.SessionEnded);
        Assert.False(guestConnection.HasMessages);
    }

    [Fact]
    public void A_dropped_connection_is_reported_and_the_participant_stays()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();

        Sys.Stop(guestConnection.Ref);

        Assert.Equal(new PeerConnectionChangedEvent(SessionId, Guest, false),
            ExpectPush<PeerConnectionChangedEvent>(hostConnection, HubEvents.PeerConnectionChanged));
        var info = Info(session);
        Assert.Equal([Host, Guest], info.Participants.Select(p => p.Fingerprint));
        Assert.False(Single(info, Guest).Connected);
        Assert.True(Single(info, Host).Connected);
    }

    [Fact]
    public void Messages_to_a_disconnected_participant_are_queued_and_delivered_in_order_when_it_comes_back()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();
        Sys.Stop(guestConnection.Ref);
        ExpectPush<PeerConnectionChangedEvent>(hostConnection, HubEvents.PeerConnectionChanged);

        Assert.Equal(new RelayResult(false, true), Relay(session, Host, Guest, SignalKind.Offer, "offer-1"));
        Assert.Equal(new RelayResult(false, true),
            Relay(session, Host, Guest, SignalKind.IceCandidate, "candidate:1", "0", 0));
        Assert.Equal(new RelayResult(false, true), Relay(session, Host, Guest, SignalKind.IceCandidate, "", "0", 0));

        var newConnection = CreateTestProbe();
        var info = Join(session, Guest, newConnection);

        Assert.True(Single(info, Guest).Connected);
        Assert.Equal(new SdpEvent(SessionId, Host, 1, "offer-1"), ExpectPush<SdpEvent>(newConnection, HubEvents.SdpOffer));
        Assert.Equal(new IceCandidateEvent(SessionId, Host, 2, "candidate:1", "0", 0),
            ExpectPush<IceCandidateEvent>(newConnection, HubEvents.IceCandidate));
        Assert.Equal(new IceCandidateEvent(SessionId, Host, 3, "", "0", 0),
            ExpectPush<IceCandidateEvent>(newConnection, HubEvents.IceCandidate));
        Assert.Equal(new PeerConnectionChangedEvent(SessionId, Guest, true),
            ExpectPush<PeerConnectionChangedEvent>(hostConnection, HubEvents.PeerConnectionChanged));
        Assert.Equal(4, ExpectNothingBefore(session, Host, Guest, newConnection).Seq);
    }

    [Fact]
    public void A_connection_that_was_replaced_dropping_later_does_not_disconnect_the_participant()
    {
        var (session, hostConnection, oldConnection) = HostAndGuest();
        var newConnection = CreateTestProbe();
        Join(session, Guest, newConnection);

        Sys.Stop(oldConnection.Ref);

        // Whatever the session does with the old connection's Terminated, the guest stays connected.
        ExpectNothingBefore(session, Guest, Host, hostConnection);
        Assert.True(Single(Info(session), Guest).Connected);
        ExpectNothingBefore(session, Host, Guest, newConnection);
    }
}
