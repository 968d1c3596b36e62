using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Sessions;

public sealed class SessionRecoveryTests(ITestOutputHelper output) : SessionSpec(output)
{
    public static TheoryData<string> PersistencePolicies => new() { "journal only", "snapshot every event" };

    private SessionSettings SettingsFor(string policy) =>
        Settings(policy == "journal only" ? Entity : SnapshotEveryEvent);

    [Theory]
    [MemberData(nameof(PersistencePolicies))]
    public void Participants_tier_and_invite_code_survive_a_restart(string policy)
    {
        var settings = SettingsFor(policy);
        var session = NewSession(settings);
        Create(session, Connection(), Tier.PRO);
        Clock.Advance(TimeSpan.FromMinutes(1));
        Join(session, Guest, Connection());
        Join(session, Third, Connection());
        var before = Info(session);
        StopAndWait(session);

        var recovered = NewSession(settings);
        var after = Info(recovered);

        // Connections are not persisted: after a restart nobody is connected until they come back.
        Assert.Equal(before with { Participants = [] }, after with { Participants = [] });
        Assert.Equal(before.Participants.Select(p => p with { Connected = false }), after.Participants);
        Assert.Equal(("PRO", 10, true, Code), (after.Tier, after.MaxPeers, after.TurnAllowed, after.InviteCode));
        Assert.Equal([Host, Guest, Third], after.Participants.Select(p => p.Fingerprint));
        Assert.Equal(["HOST", "GUEST", "GUEST"], after.Participants.Select(p => p.Role));
    }

    [Theory]
    [MemberData(nameof(PersistencePolicies))]
    public void After_a_restart_participants_come_back_without_taking_new_seats(string policy)
    {
        var settings = SettingsFor(policy);
        var (session, _, _) = HostAndGuest(Tier.FREE, settings);
        StopAndWait(session);

        var recovered = NewSession(settings);
        var hostConnection = Connection();
        var guestConnection = Connection();
        ComeBack(recovered, Host, hostConnection);
        var (info, _) = ComeBack(recovered, Guest, guestConnection);

        Assert.Equal(new PeerConnectionChangedEvent(SessionId, Guest, true),
            ExpectPush<PeerConnectionChangedEvent>(hostConnection, HubEvents.PeerConnectionChanged));
        Assert.Equal([("HOST", true), ("GUEST", true)], info.Participants.Select(p => (p.Role, p.Connected)));
        Rejected(recovered, new SessionCommands.Join(SessionId, Code, Entrant(Third, Connection())), ErrorCodes.SessionFull);
        Assert.Equal(1, ExpectNothingBefore(recovered, Guest, Host, hostConnection).Seq);
    }

    [Theory]
    [MemberData(nameof(PersistencePolicies))]
    public void A_participant_that_left_is_still_gone_after_a_restart(string policy)
    {
        var settings = SettingsFor(policy);
        var (session, hostConnection, _) = HostAndGuest(Tier.FREE, settings);
        Reply<EmptyResult>(session, new SessionCommands.Leave(SessionId, Guest));
        ExpectPush<PeerLeftEvent>(hostConnection, HubEvents.PeerLeft);
        StopAndWait(session);

        var recovered = NewSession(settings);

        Assert.Equal([Host], Info(recovered).Participants.Select(p => p.Fingerprint));
        Rejected(recovered, RelayCommand(Guest, Host), ErrorCodes.NotInSession);
    }

    [Theory]
    [MemberData(nameof(PersistencePolicies))]
    public void Messages_queued_for_a_disconnected_participant_survive_a_restart(string policy)
    {
        var settings = SettingsFor(policy);
        var (session, hostConnection, guestConnection) = HostAndGuest(Tier.FREE, settings);
        Drop(guestConnection, Guest, witness: hostConnection);
        Relay(session, Host, Guest, SignalKind.Offer, "offer-1");
        Relay(session, Host, Guest, SignalKind.IceCandidate, "candidate:1", "0", 0);
        StopAndWait(session);

        var (_, redelivered) = ComeBack(NewSession(settings), Guest, Connection(), becomesHub: true);

        Assert.Equal(
            new[]
            {
                new ConnectionCommands.Push(HubEvents.SdpOffer, new SdpEvent(SessionId, Host, 1, "offer-1")),
                new ConnectionCommands.Push(HubEvents.IceCandidate,
                    new IceCandidateEvent(SessionId, Host, 2, "candidate:1", "0", 0)),
            },
            redelivered);
    }

    [Fact]
    public void A_refused_second_create_survives_a_restart_unchanged()
    {
        var session = NewSession();
        Create(session, Connection());
        Reply<SessionReplies.InviteCodeTaken>(session, CreateCommand(Connection(), Tier.PRO) with { Host = Entrant(Third, Connection(), 900) });
        StopAndWait(session);

        var info = Info(NewSession());

        Assert.Equal((Code, "FREE", 1), (info.InviteCode, info.Tier, info.Participants.Length));
    }
}
