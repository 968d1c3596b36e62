using SignalingAkka.Actors.Invites;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Sessions;

public sealed class SessionExpiryTests(ITestOutputHelper output) : SessionSpec(output)
{
    [Fact]
    public void A_free_session_is_still_live_before_forty_minutes()
    {
        var (session, _, guestConnection) = HostAndGuest();

        Clock.Advance(TimeSpan.FromMinutes(39) + TimeSpan.FromSeconds(59));

        Assert.Equal("active", Info(session).State);
        Assert.Equal(1, ExpectNothingBefore(session, Host, Guest, guestConnection).Seq);
        Assert.False(Invites.HasMessages);
    }

    public static TheoryData<string> CommandsAfterExpiry => new() { "GetInfo", "Rejoin", "Relay", "Leave" };

    [Theory]
    [MemberData(nameof(CommandsAfterExpiry))]
    public void A_command_after_forty_minutes_finds_the_free_session_ended_by_timeout(string command)
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();
        var lateConnection = CreateTestProbe();

        Clock.Advance(TimeSpan.FromMinutes(40) + TimeSpan.FromSeconds(1));
        object message = command switch
        {
            "GetInfo" => new SessionCommands.GetInfo(SessionId),
            "Rejoin" => new SessionCommands.Join(SessionId, Entrant(Guest, lateConnection)),
            "Relay" => RelayCommand(Host, Guest),
            "Leave" => new SessionCommands.Leave(SessionId, Guest),
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        };

        Rejected(session, message, ErrorCodes.SessionEnded);

        var ended = new SessionEndedEvent(SessionId, "TIMEOUT");
        Assert.Equal(ended, ExpectPush<SessionEndedEvent>(hostConnection, HubEvents.SessionEnded));
        Assert.Equal(ended, ExpectPush<SessionEndedEvent>(guestConnection, HubEvents.SessionEnded));
        Assert.Equal(new InviteCommands.Release(Code, SessionId), Invites.ExpectMsg<InviteCommands.Release>());
        Rejected(session, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionEnded);
        Assert.False(hostConnection.HasMessages);
        Assert.False(guestConnection.HasMessages);
        Assert.False(lateConnection.HasMessages);
        Assert.False(Invites.HasMessages);
    }

    [Fact]
    public void A_newcomer_after_forty_minutes_finds_the_free_session_ended_by_timeout()
    {
        var hostConnection = CreateTestProbe();
        var guestConnection = CreateTestProbe();
        var session = NewSession();
        Create(session, hostConnection);

        Clock.Advance(TimeSpan.FromMinutes(40) + TimeSpan.FromSeconds(1));

        Rejected(session, new SessionCommands.Join(SessionId, Entrant(Guest, guestConnection)), ErrorCodes.SessionEnded);
        Assert.Equal(new SessionEndedEvent(SessionId, "TIMEOUT"),
            ExpectPush<SessionEndedEvent>(hostConnection, HubEvents.SessionEnded));
        Assert.False(guestConnection.HasMessages);
        Assert.False(hostConnection.HasMessages);
    }

    [Fact]
    public void A_pro_session_lives_until_twenty_four_hours()
    {
        var (session, hostConnection, _) = HostAndGuest(Tier.PRO);

        Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal("active", Info(session).State);

        Clock.Advance(TimeSpan.FromHours(1));
        Rejected(session, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionEnded);
        Assert.Equal(new SessionEndedEvent(SessionId, "TIMEOUT"),
            ExpectPush<SessionEndedEvent>(hostConnection, HubEvents.SessionEnded));
    }

    [Fact]
    public void A_session_that_expired_while_stopped_ends_when_it_recovers_and_releases_its_code()
    {
        var (session, _, _) = HostAndGuest();
        StopAndWait(session);
        Clock.Advance(TimeSpan.FromMinutes(41));

        var recovered = NewSession();

        // No command is needed: recovery notices the expiry by itself.
        Assert.Equal(new InviteCommands.Release(Code, SessionId), Invites.ExpectMsg<InviteCommands.Release>());
        Rejected(recovered, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionEnded);
    }

    [Fact]
    public void An_ended_session_stays_ended_after_a_restart()
    {
        var (session, _, guestConnection) = HostAndGuest();
        Reply<SignalingAkka.Protocol.EmptyResult>(session, new SessionCommands.Leave(SessionId, Host));
        ExpectPush<SessionEndedEvent>(guestConnection, HubEvents.SessionEnded);
        Invites.ExpectMsg<InviteCommands.Release>();
        StopAndWait(session);

        var recovered = NewSession();

        Rejected(recovered, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionEnded);
        Rejected(recovered, new SessionCommands.Join(SessionId, Entrant(Guest, CreateTestProbe())), ErrorCodes.SessionEnded);
        Assert.False(Invites.HasMessages);
    }
}
