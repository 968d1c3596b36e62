using Akka.Actor;
using Akka.Persistence;
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

    /// <summary>Two more codes that land in <see cref="Code"/>'s bucket.</summary>
    private static readonly string[] Neighbours = Enumerable.Range(0, 100_000)
        .Select(i => $"AVNE-{i / 10_000 % 10}{i / 1_000 % 10}{i / 100 % 10}Z-{i / 10 % 10}{i % 10}QR")
        .Where(code => code != Code && InviteBuckets.Of(code) == InviteBuckets.Of(Code))
        .Take(2)
        .ToArray();

    private IActorRef NewInvite(EntitySettings? settings = null) =>
        Sys.ActorOf(InviteActor.Props(InviteBuckets.Of(Code), Clock, settings ?? Entity));

    private DateTimeOffset In(TimeSpan span) => Clock.GetUtcNow() + span;

    private bool Claim(IActorRef invite, string sessionId, DateTimeOffset expiresAt, string code = Code)
    {
        var result = Reply<InviteReplies.ClaimResult>(invite, new InviteCommands.Claim(code, sessionId, expiresAt));
        Assert.Equal(code, result.Code);
        return result.Accepted;
    }

    private string? Resolve(IActorRef invite, string code = Code)
    {
        var resolution = Reply<InviteReplies.Resolution>(invite, new InviteCommands.Resolve(code));
        Assert.Equal(code, resolution.Code);
        return resolution.SessionId;
    }

    private void Release(IActorRef invite, string sessionId, string code = Code) =>
        Reply<EmptyResult>(invite, new InviteCommands.Release(code, sessionId));

    private InviteClaims? SavedClaims()
    {
        var reader = CreateTestProbe();
        Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null).Tell(
            new LoadSnapshot("invites-" + InviteBuckets.Of(Code), SnapshotSelectionCriteria.Latest, long.MaxValue), reader.Ref);
        return reader.ExpectMsg<LoadSnapshotResult>().Snapshot?.Snapshot as InviteClaims;
    }

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
    public void Codes_of_one_bucket_are_claimed_resolved_and_released_each_on_its_own()
    {
        var bucket = NewInvite();
        var (other, third) = (Neighbours[0], Neighbours[1]);
        Assert.True(Claim(bucket, S1, In(TimeSpan.FromMinutes(40))));
        Assert.True(Claim(bucket, S2, In(TimeSpan.FromMinutes(40)), other));

        Release(bucket, S1);

        Assert.Null(Resolve(bucket));
        Assert.Equal(S2, Resolve(bucket, other));
        Assert.Null(Resolve(bucket, third));
        Assert.False(Claim(bucket, S1, In(TimeSpan.FromMinutes(40)), other));
    }

    [Fact]
    public void A_bucket_recovers_from_its_snapshot_and_its_journal_keeps_only_what_came_after()
    {
        var everyTwoEvents = Entity with { SnapshotEvery = 2 };
        var bucket = NewInvite(everyTwoEvents);
        var (other, third) = (Neighbours[0], Neighbours[1]);
        Claim(bucket, S1, In(TimeSpan.FromMinutes(40)));
        Claim(bucket, S2, In(TimeSpan.FromMinutes(40)), other);
        Release(bucket, S1);
        Claim(bucket, "session-3", In(TimeSpan.FromMinutes(40)), third);
        Release(bucket, S2, other);
        // The second snapshot (after four events) holds the other and the third code; only the release
        // of the other came after it.
        AwaitAssert(() => Assert.Equal(new[] { other, third }.Order(), SavedClaims()!.Claims.Keys.Order()));
        AwaitAssert(() => Assert.IsType<InviteEvents.Released>(Assert.Single(JournalOf("invites-" + InviteBuckets.Of(Code)))));
        StopAndWait(bucket);

        var recovered = NewInvite(everyTwoEvents);

        Assert.Null(Resolve(recovered));
        Assert.Null(Resolve(recovered, other));
        Assert.Equal("session-3", Resolve(recovered, third));
    }

    [Fact]
    public void A_snapshot_keeps_only_live_claims()
    {
        var bucket = NewInvite(Entity with { SnapshotEvery = 2 });
        Claim(bucket, S1, In(TimeSpan.FromMinutes(10)));
        Clock.Advance(TimeSpan.FromMinutes(11));

        Claim(bucket, S2, In(TimeSpan.FromMinutes(40)), Neighbours[0]);

        AwaitAssert(() => Assert.Equal([Neighbours[0]], SavedClaims()!.Claims.Keys));
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
