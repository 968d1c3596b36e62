using Akka.Actor;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Sessions;

public sealed class SessionRelayTests(ITestOutputHelper output) : SessionSpec(output)
{
    [Fact]
    public void A_relay_from_someone_outside_the_session_is_not_in_session()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();

        Rejected(session, RelayCommand(Third, Guest), ErrorCodes.NotInSession);

        Assert.Equal(1, ExpectNothingBefore(session, Host, Guest, guestConnection).Seq);
        ExpectNothingBefore(session, Guest, Host, hostConnection);
    }

    [Fact]
    public void A_relay_to_someone_outside_the_session_is_peer_not_in_session()
    {
        var (session, hostConnection, _) = HostAndGuest();

        Rejected(session, RelayCommand(Guest, Third), ErrorCodes.PeerNotInSession);

        Assert.Equal(1, ExpectNothingBefore(session, Guest, Host, hostConnection).Seq);
    }

    [Fact]
    public void A_relay_to_oneself_is_an_invalid_argument()
    {
        var (session, hostConnection, _) = HostAndGuest();

        Rejected(session, RelayCommand(Host, Host), ErrorCodes.InvalidArgument);

        // Nothing was pushed and no sequence number was spent on the host.
        Assert.Equal(1, ExpectNothingBefore(session, Guest, Host, hostConnection).Seq);
    }

    [Fact]
    public void Offer_answer_and_candidates_reach_the_target_with_their_sender_and_consecutive_seq()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();

        Assert.Equal(new RelayResult(true, false), Relay(session, Host, Guest, SignalKind.Offer, "offer-sdp"));
        Assert.Equal(new RelayResult(true, false), Relay(session, Host, Guest, SignalKind.Answer, "answer-sdp"));
        Assert.Equal(new RelayResult(true, false),
            Relay(session, Host, Guest, SignalKind.IceCandidate, "candidate:842163049 1 udp", "audio", 1));
        Assert.Equal(new RelayResult(true, false),
            Relay(session, Host, Guest, SignalKind.IceCandidate, "candidate:2 1 tcp", null, null));

        Assert.Equal(new SdpEvent(SessionId, Host, 1, "offer-sdp"), ExpectPush<SdpEvent>(guestConnection, HubEvents.SdpOffer));
        Assert.Equal(new SdpEvent(SessionId, Host, 2, "answer-sdp"), ExpectPush<SdpEvent>(guestConnection, HubEvents.SdpAnswer));
        Assert.Equal(new IceCandidateEvent(SessionId, Host, 3, "candidate:842163049 1 udp", "audio", 1),
            ExpectPush<IceCandidateEvent>(guestConnection, HubEvents.IceCandidate));
        Assert.Equal(new IceCandidateEvent(SessionId, Host, 4, "candidate:2 1 tcp", null, null),
            ExpectPush<IceCandidateEvent>(guestConnection, HubEvents.IceCandidate));
        // The sender gets nothing back over its connection.
        Assert.False(hostConnection.HasMessages);
    }

    [Fact]
    public void Each_recipient_has_its_own_seq_counter_shared_by_all_its_senders()
    {
        var hostConnection = Connection();
        var guestConnection = Connection();
        var thirdConnection = Connection();
        var session = NewSession();
        Create(session, hostConnection, Tier.PRO);
        Join(session, Guest, guestConnection);
        Join(session, Third, thirdConnection);
        ExpectPush<PeerJoinedEvent>(hostConnection, HubEvents.PeerJoined);
        ExpectPush<PeerJoinedEvent>(hostConnection, HubEvents.PeerJoined);
        ExpectPush<PeerJoinedEvent>(guestConnection, HubEvents.PeerJoined);

        Relay(session, Host, Guest, SignalKind.Offer, "h->g 1");
        Relay(session, Third, Guest, SignalKind.Offer, "c->g 2");
        Relay(session, Host, Third, SignalKind.Offer, "h->c 1");
        Relay(session, Guest, Host, SignalKind.Answer, "g->h 1");
        Relay(session, Host, Guest, SignalKind.IceCandidate, "h->g 3", "0", 0);
        Relay(session, Guest, Host, SignalKind.IceCandidate, "g->h 2", "0", 0);

        Assert.Equal(new SdpEvent(SessionId, Host, 1, "h->g 1"), ExpectPush<SdpEvent>(guestConnection, HubEvents.SdpOffer));
        Assert.Equal(new SdpEvent(SessionId, Third, 2, "c->g 2"), ExpectPush<SdpEvent>(guestConnection, HubEvents.SdpOffer));
        Assert.Equal(new IceCandidateEvent(SessionId, Host, 3, "h->g 3", "0", 0),
            ExpectPush<IceCandidateEvent>(guestConnection, HubEvents.IceCandidate));
        Assert.Equal(new SdpEvent(SessionId, Host, 1, "h->c 1"), ExpectPush<SdpEvent>(thirdConnection, HubEvents.SdpOffer));
        Assert.Equal(new SdpEvent(SessionId, Guest, 1, "g->h 1"), ExpectPush<SdpEvent>(hostConnection, HubEvents.SdpAnswer));
        Assert.Equal(new IceCandidateEvent(SessionId, Guest, 2, "g->h 2", "0", 0),
            ExpectPush<IceCandidateEvent>(hostConnection, HubEvents.IceCandidate));
    }

    [Fact]
    public void Seq_is_not_reset_when_a_participant_leaves_and_joins_again()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();
        Relay(session, Host, Guest);
        Relay(session, Host, Guest);
        ExpectPush<SdpEvent>(guestConnection, HubEvents.SdpOffer);
        ExpectPush<SdpEvent>(guestConnection, HubEvents.SdpOffer);
        Reply<EmptyResult>(session, new SessionCommands.Leave(SessionId, Guest));
        ExpectPush<PeerLeftEvent>(hostConnection, HubEvents.PeerLeft);

        var newConnection = Connection();
        Join(session, Guest, newConnection);

        Assert.True(ExpectNothingBefore(session, Host, Guest, newConnection).Seq > 2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(1024)]
    public void Seq_is_never_reused_after_the_session_crashes(int seqBlockSize)
    {
        var settings = Settings(policy: QuietPolicy with { SeqBlockSize = seqBlockSize });
        var (session, _, guestConnection) = HostAndGuest(settings: settings);
        for (var i = 1; i <= 5; i++)
        {
            Relay(session, Host, Guest, SignalKind.IceCandidate, $"candidate {i}", "0", 0);
            Assert.Equal(i, ExpectPush<IceCandidateEvent>(guestConnection, HubEvents.IceCandidate).Seq);
        }

        long highest = 5;
        for (var restart = 0; restart < 3; restart++)
        {
            // A PoisonPill stops the entity without its hand-off: as far as it knows, a crash.
            StopAndWait(session);
            session = NewSession(settings);
            var connection = Connection();
            // The hub moved to the guest on its first return, and stays there.
            ComeBack(session, Guest, connection, becomesHub: restart == 0);

            var first = ExpectNothingBefore(session, Host, Guest, connection).Seq;
            var second = ExpectNothingBefore(session, Host, Guest, connection).Seq;

            Assert.True(first > highest, $"seq {first} after a restart reuses a number up to {highest}");
            Assert.True(second > first, $"seq {second} does not follow {first}");
            highest = second;
        }
    }

    [Fact]
    public void A_recipients_next_block_of_numbers_is_written_once_half_of_its_block_is_issued()
    {
        var settings = Settings(policy: QuietPolicy with { SeqBlockSize = 4 });
        var (session, _, guestConnection) = HostAndGuest(settings: settings);

        Assert.Equal(1, ExpectNothingBefore(session, Host, Guest, guestConnection).Seq);
        Assert.Equal([4L], ReservedFor(Guest));
        Assert.Equal(2, ExpectNothingBefore(session, Host, Guest, guestConnection).Seq);
        // Written while numbers 3 and 4 are still there to issue, so relays need not wait for it.
        AwaitAssert(() => Assert.Equal([4L, 8], ReservedFor(Guest)));
        for (var seq = 3; seq <= 6; seq++) Assert.Equal(seq, ExpectNothingBefore(session, Host, Guest, guestConnection).Seq);
        AwaitAssert(() => Assert.Equal([4L, 8, 12], ReservedFor(Guest)));
    }

    [Theory]
    [InlineData(1024, 3)]
    [InlineData(4, 2)]
    [InlineData(4, 6)]
    public void After_a_hand_off_numbering_continues_without_a_gap(int seqBlockSize, int relays)
    {
        var settings = Settings(policy: QuietPolicy with { SeqBlockSize = seqBlockSize });
        var (session, _, guestConnection) = HostAndGuest(settings: settings);
        for (var i = 1; i <= relays; i++) Assert.Equal(i, ExpectNothingBefore(session, Host, Guest, guestConnection).Seq);
        Watch(session);

        session.Tell(SessionCommands.HandOff.Instance);

        ExpectTerminated(session);
        var recovered = NewSession(settings);
        var connection = Connection();
        ComeBack(recovered, Guest, connection, becomesHub: true);
        Assert.Equal(relays + 1, ExpectNothingBefore(recovered, Host, Guest, connection).Seq);
    }

    /// <summary>The blocks of numbers written for a recipient, in journal order.</summary>
    private long[] ReservedFor(string fingerprint) => JournalOf("session-" + SessionId)
        .OfType<SessionEvents.SeqReserved>().Where(e => e.Fingerprint == fingerprint).Select(e => e.UpTo).ToArray();
}
