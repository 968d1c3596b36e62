using Akka.Actor;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Sessions;

/// <summary>Hub election of PROTOCOL.md "Session rules": the strongest connected participant, with hysteresis.</summary>
public sealed class SessionHubTests(ITestOutputHelper output) : SessionSpec(output)
{
    [Fact]
    public void A_much_stronger_guest_becomes_the_hub_and_everyone_is_told_once()
    {
        var hostConnection = Connection();
        var guestConnection = Connection();
        var session = NewSession();
        Create(session, hostConnection);

        var info = Join(session, Guest, guestConnection, score: 1000);

        var changed = new HubChangedEvent(SessionId, Guest, Host, 1000);
        Assert.Equal(Guest, ExpectPush<PeerJoinedEvent>(hostConnection, HubEvents.PeerJoined).Participant.Fingerprint);
        Assert.Equal(changed, ExpectPush<HubChangedEvent>(hostConnection, HubEvents.HubChanged));
        Assert.Equal(changed, ExpectPush<HubChangedEvent>(guestConnection, HubEvents.HubChanged));
        Assert.Equal(Guest, info.HubFingerprint);
        Assert.Equal(Host, info.HostFingerprint);
        Assert.Equal([("HOST", Host), ("HUB", Guest)], info.Participants.Select(p => (p.Role, p.Fingerprint)));
        ExpectNothingBefore(session, Guest, Host, hostConnection);
        ExpectNothingBefore(session, Host, Guest, guestConnection);
        Assert.Equal(1, Assert.Single(ReadModel.Records.OfType<HubMigrated>()).HubMigrationCount);
    }

    [Theory]
    [InlineData(550)] // exactly 10 % more: not more than 10 %
    [InlineData(500)] // a tie keeps the hub
    public void A_guest_that_is_not_more_than_ten_percent_stronger_does_not_take_over(int score)
    {
        var hostConnection = Connection();
        var guestConnection = Connection();
        var session = NewSession();
        Create(session, hostConnection);

        var info = Join(session, Guest, guestConnection, score);

        Assert.Equal(Host, info.HubFingerprint);
        ExpectPush<PeerJoinedEvent>(hostConnection, HubEvents.PeerJoined);
        ExpectNothingBefore(session, Guest, Host, hostConnection);
        ExpectNothingBefore(session, Host, Guest, guestConnection);
    }

    [Fact]
    public void When_the_hub_drops_the_strongest_connected_participant_takes_over()
    {
        var hostConnection = Connection();
        var guestConnection = Connection();
        var thirdConnection = Connection();
        var session = NewSession();
        Create(session, hostConnection, Tier.PRO);
        Join(session, Guest, guestConnection, score: 300);
        Join(session, Third, thirdConnection, score: 400);
        ExpectPush<PeerJoinedEvent>(guestConnection, HubEvents.PeerJoined);

        Sys.Stop(hostConnection.Ref);

        var changed = new HubChangedEvent(SessionId, Third, Host, 400);
        foreach (var connection in new[] { guestConnection, thirdConnection })
        {
            ExpectPush<PeerConnectionChangedEvent>(connection, HubEvents.PeerConnectionChanged);
            Assert.Equal(changed, ExpectPush<HubChangedEvent>(connection, HubEvents.HubChanged));
        }

        var info = Info(session);
        Assert.Equal(Third, info.HubFingerprint);
        Assert.Equal([("HOST", Host), ("GUEST", Guest), ("HUB", Third)], info.Participants.Select(p => (p.Role, p.Fingerprint)));
    }

    [Fact]
    public void A_score_update_elects_the_hub_again()
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();

        session.Tell(new SessionCommands.UpdateScore(SessionId, Guest, 900));

        var changed = new HubChangedEvent(SessionId, Guest, Host, 900);
        Assert.Equal(changed, ExpectPush<HubChangedEvent>(hostConnection, HubEvents.HubChanged));
        Assert.Equal(changed, ExpectPush<HubChangedEvent>(guestConnection, HubEvents.HubChanged));
        var info = Info(session);
        Assert.Equal(Guest, info.HubFingerprint);
        Assert.Equal(900, Single(info, Guest).Score);
    }
}
