using Akka.Actor;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Invites;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Invites;

public sealed class InviteActorTests(ITestOutputHelper output) : ActorSpec(output)
{
    private const string Code = "AVNE-ABCD-2345";
    private const string S1 = "session-1";
    private const string S2 = "session-2";

    private IActorRef NewInvite(EntitySettings? settings = null) =>
        Sys.ActorOf(InviteActor.Props(Code, Clock, settings ?? Entity));

    private DateTimeOffset In(TimeSpan span) => Clock.GetUtcNow() + span;

    private bool Claim(IActorRef invite, string sessionId, DateTimeOffset expiresAt)
    {
        var result = Reply<InviteReplies.ClaimResult>(invite, new InviteCommands.Claim(Code, sessionId, expiresAt));
        Assert.Equal(Code, result.Code);
        return result.Accepted;
    }

    private string? Resolve(IActorRef invite)
    {
        var resolution = Reply<InviteReplies.Resolution>(invite, new InviteCommands.Resolve(Code));
        Assert.Equal(Code, resolution.Code);
        return resolution.SessionId;
    }

    private void Release(IActorRef invite, string sessionId) =>
        Reply<EmptyResult>(invite, new InviteCommands.Release(Code, sessionId));

    [Fact]
    public void An_unclaimed_code_resolves_to_nothing()
    {
        Assert.Null(Resolve(NewInvite()));
    }

    [Fact]
    public void A_claim_is_accepted_and_the_code_resolves_to_its_session()
    {
        var invite = NewInvite();

        Assert.True(Claim(invite, S1, In(TimeSpan.FromMinutes(40))));

        Assert.Equal(S1, Resolve(invite));
    }

    [Fact]
    public void Another_session_cannot_claim_a_live_code()
    {
        var invite = NewInvite();
        Claim(invite, S1, In(TimeSpan.FromMinutes(40)));

        Assert.False(Claim(invite, S2, In(TimeSpan.FromHours(24))));

        Assert.Equal(S1, Resolve(invite));
    }

    [Fact]
    public void The_holder_may_claim_its_code_again()
    {
        var invite = NewInvite();
        Claim(invite, S1, In(TimeSpan.FromMinutes(40)));

        Assert.True(Claim(invite, S1, In(TimeSpan.FromMinutes(40))));

        Assert.Equal(S1, Resolve(invite));
    }

    [Fact]
    public void A_released_code_stops_resolving_and_can_be_claimed_by_another_session()
    {
        var invite = NewInvite();
        Claim(invite, S1, In(TimeSpan.FromMinutes(40)));

        Release(invite, S1);

        Assert.Null(Resolve(invite));
        Assert.True(Claim(invite, S2, In(TimeSpan.FromMinutes(40))));
        Assert.Equal(S2, Resolve(invite));
    }

    [Fact]
    public void A_released_code_asks_its_shard_to_passivate_it_at_once()
    {
        var shard = CreateTestProbe();
        var invite = shard.ChildActorOf(InviteActor.Props(Code, Clock, Entity));
        Claim(invite, S1, In(TimeSpan.FromMinutes(40)));
        shard.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        Release(invite, S1);

        Assert.Equal(PoisonPill.Instance, shard.ExpectMsg<Akka.Cluster.Sharding.Passivate>().StopMessage);
    }

    [Fact]
    public void Only_the_holder_can_release_a_code()
    {
        var invite = NewInvite();
        Claim(invite, S1, In(TimeSpan.FromMinutes(40)));

        Release(invite, S2);

        Assert.Equal(S1, Resolve(invite));
        Assert.False(Claim(invite, S2, In(TimeSpan.FromMinutes(40))));
    }

    [Fact]
    public void An_expired_claim_stops_resolving_and_frees_the_code()
    {
        var invite = NewInvite();
        Claim(invite, S1, In(TimeSpan.FromMinutes(40)));

        Clock.Advance(TimeSpan.FromMinutes(39));
        Assert.Equal(S1, Resolve(invite));
        Assert.False(Claim(invite, S2, In(TimeSpan.FromMinutes(40))));

        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(Resolve(invite));
        Assert.True(Claim(invite, S2, In(TimeSpan.FromMinutes(40))));
        Assert.Equal(S2, Resolve(invite));
    }

    [Fact]
    public void A_late_release_of_the_expired_holder_does_not_free_the_new_holder()
    {
        var invite = NewInvite();
        Claim(invite, S1, In(TimeSpan.FromMinutes(10)));
        Clock.Advance(TimeSpan.FromMinutes(11));
        Claim(invite, S2, In(TimeSpan.FromMinutes(10)));

        Release(invite, S1);

        Assert.Equal(S2, Resolve(invite));
    }

    [Fact]
    public void A_claim_survives_a_restart()
    {
        var invite = NewInvite();
        Claim(invite, S1, In(TimeSpan.FromMinutes(40)));
        StopAndWait(invite);

        var recovered = NewInvite();

        Assert.Equal(S1, Resolve(recovered));
        Assert.False(Claim(recovered, S2, In(TimeSpan.FromMinutes(40))));
        Assert.True(Claim(recovered, S1, In(TimeSpan.FromMinutes(40))));
    }

    [Fact]
    public void A_release_survives_a_restart()
    {
        var invite = NewInvite();
        Claim(invite, S1, In(TimeSpan.FromMinutes(40)));
        Release(invite, S1);
        StopAndWait(invite);

        var recovered = NewInvite();

        Assert.Null(Resolve(recovered));
        Assert.True(Claim(recovered, S2, In(TimeSpan.FromMinutes(40))));
    }

    [Fact]
    public void The_latest_claim_of_a_reused_code_survives_restarts()
    {
        var invite = NewInvite();
        Claim(invite, S1, In(TimeSpan.FromMinutes(40)));
        Release(invite, S1);
        Claim(invite, S2, In(TimeSpan.FromMinutes(40)));
        StopAndWait(invite);

        var recovered = NewInvite();
        Assert.Equal(S2, Resolve(recovered));
        Release(recovered, S2);
        Claim(recovered, "session-3", In(TimeSpan.FromMinutes(40)));
        StopAndWait(recovered);

        var again = NewInvite();
        Assert.Equal("session-3", Resolve(again));
        Assert.False(Claim(again, S1, In(TimeSpan.FromMinutes(40))));
    }

    [Fact]
    public void A_claim_that_expired_while_stopped_does_not_resolve_after_recovery()
    {
        var invite = NewInvite();
        Claim(invite, S1, In(TimeSpan.FromMinutes(40)));
        StopAndWait(invite);
        Clock.Advance(TimeSpan.FromMinutes(41));

        var recovered = NewInvite();

        Assert.Null(Resolve(recovered));
        Assert.True(Claim(recovered, S2, In(TimeSpan.FromMinutes(40))));
    }
}
