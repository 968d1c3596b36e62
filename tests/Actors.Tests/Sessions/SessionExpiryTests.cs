using Akka.Actor;
using Akka.TestKit;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Invites;
using SignalingAkka.Actors.ReadModel;
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
        var lateConnection = Connection();

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

        Assert.Equal(new InviteCommands.Release(Code, SessionId), ExpectRelease());
        var ended = new SessionEndedEvent(SessionId, "TIMEOUT");
        Assert.Equal(ended, ExpectPush<SessionEndedEvent>(hostConnection, HubEvents.SessionEnded));
        Assert.Equal(ended, ExpectPush<SessionEndedEvent>(guestConnection, HubEvents.SessionEnded));
        Rejected(session, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionEnded);
        Assert.False(hostConnection.HasMessages);
        Assert.False(guestConnection.HasMessages);
        Assert.False(lateConnection.HasMessages);
    }

    [Fact]
    public void A_newcomer_after_forty_minutes_finds_the_free_session_ended_by_timeout()
    {
        var hostConnection = Connection();
        var guestConnection = Connection();
        var session = NewSession();
        Create(session, hostConnection);

        Clock.Advance(TimeSpan.FromMinutes(40) + TimeSpan.FromSeconds(1));

        Rejected(session, new SessionCommands.Join(SessionId, Entrant(Guest, guestConnection)), ErrorCodes.SessionEnded);
        ExpectRelease();
        Assert.Equal(new SessionEndedEvent(SessionId, "TIMEOUT"),
            ExpectPush<SessionEndedEvent>(hostConnection, HubEvents.SessionEnded));
        Assert.False(guestConnection.HasMessages);
    }

    [Fact]
    public void A_free_session_ends_by_itself_at_forty_minutes()
    {
        var (_, hostConnection, guestConnection) = HostAndGuest(settings: Settings(policy: TickingPolicy));

        Clock.Advance(TimeSpan.FromMinutes(40));

        // No command arrives: the session's own tick notices the time.
        Assert.Equal(new InviteCommands.Release(Code, SessionId), ExpectRelease());
        var ended = new SessionEndedEvent(SessionId, "TIMEOUT");
        Assert.Equal(ended, ExpectPush<SessionEndedEvent>(hostConnection, HubEvents.SessionEnded));
        Assert.Equal(ended, ExpectPush<SessionEndedEvent>(guestConnection, HubEvents.SessionEnded));
    }

    [Fact]
    public void A_pro_session_lives_until_twenty_four_hours()
    {
        var (session, hostConnection, _) = HostAndGuest(Tier.PRO);

        Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal("active", Info(session).State);

        Clock.Advance(TimeSpan.FromHours(1));
        Rejected(session, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionEnded);
        ExpectRelease();
        Assert.Equal(new SessionEndedEvent(SessionId, "TIMEOUT"),
            ExpectPush<SessionEndedEvent>(hostConnection, HubEvents.SessionEnded));
    }

    [Fact]
    public void A_session_that_expired_while_stopped_ends_after_recovery_and_releases_its_code()
    {
        var settings = Settings(policy: TickingPolicy);
        var (session, _, _) = HostAndGuest(settings: settings);
        StopAndWait(session);
        Clock.Advance(TimeSpan.FromMinutes(41));

        var recovered = NewSession(settings);

        // No command is needed: the recovered session notices the expiry by itself.
        Assert.Equal(new InviteCommands.Release(Code, SessionId), ExpectRelease());
        Rejected(recovered, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionEnded);
    }

    [Fact]
    public void An_ended_session_stays_ended_after_a_restart_and_does_not_release_again()
    {
        var (session, _, guestConnection) = HostAndGuest();
        HostLeaves(session, guestConnection);
        AwaitAssert(() => Assert.Contains(ReadModel.Records, r => r is SessionEndedRecord));
        StopAndWait(session);

        var recovered = NewSession();

        Rejected(recovered, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionEnded);
        Rejected(recovered, new SessionCommands.Join(SessionId, Entrant(Guest, Connection())), ErrorCodes.SessionEnded);
        Assert.False(Invites.HasMessages);
    }

    [Fact]
    public void A_session_ended_with_its_code_released_at_once_writes_one_end_event()
    {
        var (session, _, guestConnection) = HostAndGuest();

        HostLeaves(session, guestConnection);

        var events = JournalOf("session-" + SessionId);
        Assert.IsType<SessionEvents.Ended>(events[^1]);
        Assert.DoesNotContain(events, e => e is SessionEvents.Ending);
    }

    [Fact]
    public void An_ended_session_asks_its_shard_to_passivate_it_at_once()
    {
        var shard = CreateTestProbe();
        var session = shard.ChildActorOf(SessionActor.Props(SessionId, Settings()));
        Create(session, Connection());
        var guestConnection = Connection();
        Join(session, Guest, guestConnection);
        shard.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        HostLeaves(session, guestConnection);

        Assert.Equal(SessionCommands.HandOff.Instance, shard.ExpectMsg<Akka.Cluster.Sharding.Passivate>().StopMessage);
    }

    [Fact]
    public void Commands_that_arrive_while_the_code_is_being_released_are_answered_after_the_end_and_relays_refused()
    {
        var (session, _, guestConnection) = HostAndGuest();
        session.Tell(new SessionCommands.Leave(SessionId, Host), TestActor);
        Invites.ExpectMsg<InviteCommands.Release>();

        session.Tell(new SessionCommands.GetInfo(SessionId), TestActor);
        // A relay to an ending session is refused at once.
        Rejected(session, RelayCommand(Guest, Host), ErrorCodes.SessionEnded);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Invites.Reply(EmptyResult.Instance);

        ExpectMsg<EmptyResult>();
        Assert.Equal(ErrorCodes.SessionEnded, ExpectMsg<CommandRejected>().Code);
        ExpectPush<SessionEndedEvent>(guestConnection, HubEvents.SessionEnded);
    }

    [Fact]
    public void A_session_whose_release_failed_ends_at_once_and_releases_its_code_after_a_restart()
    {
        var (session, _, guestConnection) = HostAndGuest();
        session.Tell(new SessionCommands.Leave(SessionId, Host), TestActor);
        Invites.ExpectMsg<InviteCommands.Release>();
        Invites.Reply(new Status.Failure(new InvalidOperationException("the invite shard is unavailable")));
        ExpectMsg<EmptyResult>();
        Assert.Equal(new SessionEndedEvent(SessionId, "HOST_LEFT"),
            ExpectPush<SessionEndedEvent>(guestConnection, HubEvents.SessionEnded));
        Rejected(session, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionEnded);
        Assert.IsType<SessionEvents.Ending>(JournalOf("session-" + SessionId)[^1]);
        StopAndWait(session);

        NewSession();

        Assert.Equal(new InviteCommands.Release(Code, SessionId), ExpectRelease());
        AwaitAssert(() => Assert.Equal(EndReason.HOST_LEFT,
            Assert.Single(ReadModel.Records.OfType<SessionEndedRecord>()).Reason));
    }

    [Fact]
    public void A_leave_interrupted_before_the_code_was_released_leaves_the_session_open_after_a_restart()
    {
        var (session, _, _) = HostAndGuest();
        session.Tell(new SessionCommands.Leave(SessionId, Host), TestActor);
        Invites.ExpectMsg<InviteCommands.Release>(); // never answered
        StopAndWait(session);

        var recovered = NewSession();

        Assert.Equal("active", Info(recovered).State);
        recovered.Tell(new SessionCommands.Leave(SessionId, Host), TestActor);
        Assert.Equal(new InviteCommands.Release(Code, SessionId), ExpectRelease());
        ExpectMsg<EmptyResult>();
        AwaitAssert(() => Assert.Equal(EndReason.HOST_LEFT,
            Assert.Single(ReadModel.Records.OfType<SessionEndedRecord>()).Reason));
    }

    [Fact]
    public void A_failed_invite_release_is_retried()
    {
        var (session, _, guestConnection) = HostAndGuest(settings: Settings(policy: TickingPolicy));
        session.Tell(new SessionCommands.Leave(SessionId, Host), TestActor);

        Invites.ExpectMsg<InviteCommands.Release>();
        Invites.Reply(new Status.Failure(new InvalidOperationException("the invite shard is unavailable")));
        ExpectMsg<EmptyResult>();
        ExpectPush<SessionEndedEvent>(guestConnection, HubEvents.SessionEnded);

        // "Retried on the next tick" (SessionActor.ReleaseInvite): the tick runs every 50 ms here.
        Assert.Equal(new InviteCommands.Release(Code, SessionId), ExpectRelease());
        AwaitAssert(() => Assert.Single(ReadModel.Records.OfType<SessionEndedRecord>()));
        Assert.IsType<SessionEvents.Ended>(JournalOf("session-" + SessionId)[^1]);
    }

    /// <summary>The host leaves, the invite answers at once, and the guest hears the end.</summary>
    private void HostLeaves(IActorRef session, TestProbe guestConnection)
    {
        session.Tell(new SessionCommands.Leave(SessionId, Host), TestActor);
        Assert.Equal(new InviteCommands.Release(Code, SessionId), ExpectRelease());
        ExpectMsg<EmptyResult>();
        Assert.Equal(new SessionEndedEvent(SessionId, "HOST_LEFT"),
            ExpectPush<SessionEndedEvent>(guestConnection, HubEvents.SessionEnded));
    }
}
