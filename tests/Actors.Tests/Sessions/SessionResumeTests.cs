using Akka.Actor;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Sessions;

/// <summary>Lossless resume and the grace period of PROTOCOL.md "Session rules".</summary>
public sealed class SessionResumeTests(ITestOutputHelper output) : SessionSpec(output)
{
    [Fact]
    public void A_rejoin_by_someone_outside_the_session_is_not_in_session()
    {
        var (session, _, _) = HostAndGuest();
        var connection = Connection();

        Rejected(session, new SessionCommands.Rejoin(SessionId, Entrant(Third, connection), null), ErrorCodes.NotInSession);

        Assert.False(connection.HasMessages);
        Assert.Equal(2, Info(session).Participants.Length);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void A_rejoin_with_a_last_seq_outside_what_was_issued_is_an_invalid_argument_and_changes_nothing(long lastSeq)
    {
        var (session, _, guestConnection) = HostAndGuest();
        ExpectNothingBefore(session, Host, Guest, guestConnection);
        ExpectNothingBefore(session, Host, Guest, guestConnection);
        var newConnection = Connection();

        Rejected(session, new SessionCommands.Rejoin(SessionId, Entrant(Guest, newConnection), lastSeq), ErrorCodes.InvalidArgument);

        Assert.False(newConnection.HasMessages);
        Assert.Equal(3, ExpectNothingBefore(session, Host, Guest, guestConnection).Seq);
    }

    [Fact]
    public void A_rejoin_gets_the_pushed_messages_above_its_last_seq_in_order_before_its_reply()
    {
        var (session, _, oldConnection) = HostAndGuest();
        Relay(session, Host, Guest, SignalKind.Offer, "offer");
        Relay(session, Host, Guest, SignalKind.IceCandidate, "candidate:1", "0", 0);
        Relay(session, Host, Guest, SignalKind.IceCandidate, "candidate:2", "0", 0);
        // The old socket died with seq 2 and 3 in flight; the server has not noticed yet.
        var newConnection = Connection();

        var (info, redelivered) = ComeBack(session, Guest, newConnection, lastSeq: 1, byRejoin: true);

        Assert.Equal(2, info.Redelivered);
        Assert.Equal(
            new[]
            {
                new ConnectionCommands.Push(HubEvents.IceCandidate, new IceCandidateEvent(SessionId, Host, 2, "candidate:1", "0", 0)),
                new ConnectionCommands.Push(HubEvents.IceCandidate, new IceCandidateEvent(SessionId, Host, 3, "candidate:2", "0", 0)),
            },
            redelivered);
        oldConnection.ExpectMsg<ConnectionCommands.Push>();
        oldConnection.ExpectMsg<ConnectionCommands.Push>();
        oldConnection.ExpectMsg<ConnectionCommands.Push>();
        oldConnection.ExpectMsg<ConnectionCommands.Replace>();
        Assert.Equal(4, ExpectNothingBefore(session, Host, Guest, newConnection).Seq);
    }

    [Fact]
    public void A_rejoin_gets_pushed_and_queued_messages_above_its_last_seq_once_each()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();
        Relay(session, Host, Guest, SignalKind.Offer, "pushed 1");
        Relay(session, Host, Guest, SignalKind.Offer, "pushed 2");
        Drop(guestConnection, Guest, witness: hostConnection);
        Assert.Equal(new RelayResult(false, true), Relay(session, Host, Guest, SignalKind.Offer, "queued 3"));
        Assert.Equal(new RelayResult(false, true), Relay(session, Host, Guest, SignalKind.Offer, "queued 4"));

        var (_, first) = ComeBack(session, Guest, Connection(), lastSeq: 1, byRejoin: true);
        var (_, second) = ComeBack(session, Guest, Connection(), lastSeq: 4, byRejoin: true);
        var (_, third) = ComeBack(session, Guest, Connection(), lastSeq: 3, byRejoin: true);

        Assert.Equal([2L, 3L, 4L], Seqs(first));
        Assert.Empty(second);
        Assert.Equal([4L], Seqs(third));
    }

    [Fact]
    public void A_rejoin_without_last_seq_gets_only_what_was_queued()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();
        Relay(session, Host, Guest, SignalKind.Offer, "pushed 1");
        Drop(guestConnection, Guest, witness: hostConnection);
        Relay(session, Host, Guest, SignalKind.Offer, "queued 2");

        var (_, redelivered) = ComeBack(session, Guest, Connection(), lastSeq: null, byRejoin: true);

        Assert.Equal([2L], Seqs(redelivered));
    }

    [Fact]
    public void Pushed_messages_can_still_be_replayed_after_a_hand_off()
    {
        var (session, _, _) = HostAndGuest();
        Relay(session, Host, Guest, SignalKind.Offer, "offer 1");
        Relay(session, Host, Guest, SignalKind.Offer, "offer 2");
        Relay(session, Host, Guest, SignalKind.Offer, "offer 3");
        Watch(session);
        session.Tell(SessionCommands.HandOff.Instance);
        ExpectTerminated(session);

        var (_, redelivered) = ComeBack(NewSession(), Guest, Connection(), lastSeq: 1, byRejoin: true, becomesHub: true);

        Assert.Equal([2L, 3L], Seqs(redelivered));
    }

    [Fact]
    public void At_most_256_messages_are_queued_per_peer_and_the_oldest_go_first()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();
        Drop(guestConnection, Guest, witness: hostConnection);
        for (var i = 1; i <= 260; i++) Relay(session, Host, Guest, SignalKind.IceCandidate, $"candidate:{i}", "0", 0);

        var (_, redelivered) = ComeBack(session, Guest, Connection());

        Assert.Equal(Enumerable.Range(5, 256).Select(i => (long)i), Seqs(redelivered));
    }

    [Fact]
    public void A_queued_message_older_than_five_minutes_is_not_redelivered()
    {
        var settings = Settings(policy: QuietPolicy with { GracePeriod = TimeSpan.FromMinutes(10) });
        var (session, hostConnection, guestConnection) = HostAndGuest(Tier.PRO, settings);
        Drop(guestConnection, Guest, witness: hostConnection);
        Relay(session, Host, Guest, SignalKind.Offer, "old");
        Clock.Advance(TimeSpan.FromMinutes(3));
        Relay(session, Host, Guest, SignalKind.Offer, "recent");
        Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        var (_, redelivered) = ComeBack(session, Guest, Connection());

        Assert.Equal([2L], Seqs(redelivered));
    }

    [Fact]
    public void A_guest_that_does_not_come_back_within_the_grace_period_is_removed()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest(settings: Settings(policy: TickingPolicy));
        Drop(guestConnection, Guest, witness: hostConnection);

        Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(new PeerLeftEvent(SessionId, Guest, "TIMEOUT"), ExpectPush<PeerLeftEvent>(hostConnection, HubEvents.PeerLeft));
        Assert.Equal([Host], Info(session).Participants.Select(p => p.Fingerprint));
        Rejected(session, new SessionCommands.Rejoin(SessionId, Entrant(Guest, Connection()), null), ErrorCodes.NotInSession);
        Rejected(session, RelayCommand(Host, Guest), ErrorCodes.PeerNotInSession);
    }

    [Fact]
    public void A_guest_that_comes_back_within_the_grace_period_stays()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest(settings: Settings(policy: TickingPolicy));
        Drop(guestConnection, Guest, witness: hostConnection);
        Clock.Advance(TimeSpan.FromMinutes(4));
        var newConnection = Connection();
        ComeBack(session, Guest, newConnection);
        ExpectPush<PeerConnectionChangedEvent>(hostConnection, HubEvents.PeerConnectionChanged);

        Clock.Advance(TimeSpan.FromMinutes(2));

        // Six minutes after the drop, ticks keep running every 50 ms and must not remove the guest.
        hostConnection.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.True(Single(Info(session), Guest).Connected);
        ExpectNothingBefore(session, Host, Guest, newConnection);
    }

    [Fact]
    public void A_host_that_does_not_come_back_within_the_grace_period_ends_the_session()
    {
        var (_, hostConnection, guestConnection) = HostAndGuest(settings: Settings(policy: TickingPolicy));
        Drop(hostConnection, Host, witness: guestConnection);
        // The guest is now the only connected participant and takes over as hub.
        Assert.Equal(new HubChangedEvent(SessionId, Guest, Host, 300), ExpectPush<HubChangedEvent>(guestConnection, HubEvents.HubChanged));

        Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(new SessionEndedEvent(SessionId, "TIMEOUT"), ExpectPush<SessionEndedEvent>(guestConnection, HubEvents.SessionEnded));
    }

    [Fact]
    public void Participants_that_do_not_come_back_after_a_restart_are_removed_after_the_grace_period()
    {
        var settings = Settings(policy: TickingPolicy);
        var (session, _, _) = HostAndGuest(Tier.FREE, settings);
        StopAndWait(session);
        var recovered = NewSession(settings);
        var hostConnection = Connection();
        ComeBack(recovered, Host, hostConnection);

        Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(new PeerLeftEvent(SessionId, Guest, "TIMEOUT"), ExpectPush<PeerLeftEvent>(hostConnection, HubEvents.PeerLeft));
    }
}
