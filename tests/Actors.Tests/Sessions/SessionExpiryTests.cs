using Akka.Actor;
using Akka.TestKit;
using SignalingAkka.Actors.Common;
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
    }

    public static TheoryData<string, string> CommandsAfterExpiry => new()
    {
        { "GetInfo", ErrorCodes.SessionEnded },
        { "Rejoin", ErrorCodes.SessionEnded },
        { "Relay", ErrorCodes.SessionEnded },
        { "Leave", ErrorCodes.SessionEnded },
        // An expired session's code no longer resolves, also for a participant joining by code again.
        { "Join", ErrorCodes.InviteNotFound },
    };

    [Theory]
    [MemberData(nameof(CommandsAfterExpiry))]
    public void A_command_after_forty_minutes_finds_the_free_session_ended_by_timeout(string command, string error)
    {
        var (session, hostConnection, guestConnection) = HostAndGuest();
        var lateConnection = Connection();

        Clock.Advance(TimeSpan.FromMinutes(40) + TimeSpan.FromSeconds(1));
        object message = command switch
        {
            "GetInfo" => new SessionCommands.GetInfo(SessionId),
            "Rejoin" => new SessionCommands.Rejoin(SessionId, Entrant(Guest, lateConnection), LastSeq: null),
            "Join" => new SessionCommands.Join(SessionId, Code, Entrant(Guest, lateConnection)),
            "Relay" => RelayCommand(Host, Guest),
            "Leave" => new SessionCommands.Leave(SessionId, Guest),
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        };

        Rejected(session, message, error);

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

        Rejected(session, new SessionCommands.Join(SessionId, Code, Entrant(Guest, guestConnection)), ErrorCodes.InviteNotFound);
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
        Assert.Equal(new SessionEndedEvent(SessionId, "TIMEOUT"),
            ExpectPush<SessionEndedEvent>(hostConnection, HubEvents.SessionEnded));
    }

    [Fact]
    public void A_session_that_expired_while_stopped_ends_after_recovery()
    {
        var settings = Settings(policy: TickingPolicy);
        var (session, _, _) = HostAndGuest(settings: settings);
        StopAndWait(session);
        Clock.Advance(TimeSpan.FromMinutes(41));

        var recovered = NewSession(settings);

        // No command is needed: the recovered session notices the expiry by itself.
        AwaitAssert(() => Assert.Equal(EndReason.TIMEOUT,
            Assert.Single(ReadModel.Records.OfType<SessionEndedRecord>()).Reason));
        Rejected(recovered, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionEnded);
    }

    [Fact]
    public void An_ended_session_stays_ended_after_a_restart_and_its_code_does_not_resolve()
    {
        var (session, _, guestConnection) = HostAndGuest();
        HostLeaves(session, guestConnection);
        AwaitAssert(() => Assert.Contains(ReadModel.Records, r => r is SessionEndedRecord));
        StopAndWait(session);

        var recovered = NewSession();

        Rejected(recovered, new SessionCommands.GetInfo(SessionId), ErrorCodes.SessionEnded);
        Rejected(recovered, new SessionCommands.Join(SessionId, Code, Entrant(Guest, Connection())), ErrorCodes.InviteNotFound);
        Reply<SessionReplies.InviteCodeTaken>(recovered, CreateCommand(Connection()));
        Assert.Single(ReadModel.Records.OfType<SessionEndedRecord>());
    }

    [Fact]
    public void An_end_is_one_journal_write()
    {
        var (session, _, guestConnection) = HostAndGuest();
        var before = JournalOf("session-" + SessionId).Count;

        HostLeaves(session, guestConnection);

        var events = JournalOf("session-" + SessionId);
        Assert.Equal(before + 1, events.Count);
        Assert.Equal(EndReason.HOST_LEFT, Assert.IsType<SessionEvents.Ended>(events[^1]).Reason);
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
    public void Commands_that_arrive_while_the_end_is_written_are_answered_after_it()
    {
        var (session, _, guestConnection) = HostAndGuest();

        session.Tell(new SessionCommands.Leave(SessionId, Host), TestActor);
        session.Tell(new SessionCommands.GetInfo(SessionId), TestActor);
        session.Tell(RelayCommand(Guest, Host), TestActor);

        ExpectMsg<EmptyResult>();
        Assert.Equal(ErrorCodes.SessionEnded, ExpectMsg<CommandRejected>().Code);
        Assert.Equal(ErrorCodes.SessionEnded, ExpectMsg<CommandRejected>().Code);
        ExpectPush<SessionEndedEvent>(guestConnection, HubEvents.SessionEnded);
    }

    /// <summary>The host leaves and the guest hears the end.</summary>
    private void HostLeaves(IActorRef session, TestProbe guestConnection)
    {
        session.Tell(new SessionCommands.Leave(SessionId, Host), TestActor);
        ExpectMsg<EmptyResult>();
        Assert.Equal(new SessionEndedEvent(SessionId, "HOST_LEFT"),
            ExpectPush<SessionEndedEvent>(guestConnection, HubEvents.SessionEnded));
    }
}
