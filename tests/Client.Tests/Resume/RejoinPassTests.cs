namespace SignalingAkka.Client.Tests.Resume;

public sealed class RejoinPassTests : ResumerFixture
{
    [Fact]
    public async Task Without_sessions_nothing_is_called()
    {
        await RejoinAllAsync();

        Assert.Empty(Target.Calls);
    }

    [Fact]
    public async Task Each_session_is_rejoined_with_its_highest_seq_or_null_when_none_was_seen()
    {
        Track("s1", "s2", "s3");
        foreach (var seq in new long[] { 1, 2, 7 }) Resumer.TryDeliver("s1", seq);
        Resumer.TryDeliver("s3", 4);

        await RejoinAllAsync();

        Assert.Equal([("s1", 7L), ("s2", null), ("s3", (long?)4)], Target.Calls);
    }

    [Fact]
    public async Task Sessions_are_rejoined_one_after_another_and_each_success_is_raised()
    {
        Track("s1", "s2", "s3");
        Target.DuringCall = async (_, _) => await Task.Delay(20);

        await RejoinAllAsync();

        Assert.False(Target.Overlapped);
        Assert.Equal(["s1", "s2", "s3"], Target.Rejoined);
        Assert.Equal(["s1", "s2", "s3"], Resumer.Sessions);
        Assert.Empty(Target.Lost);
    }

    [Fact]
    public async Task A_handler_that_throws_does_not_stop_the_other_sessions()
    {
        Track("s1", "s2");
        Target.RejoinedHandler = session => session.SessionId == "s1"
            ? throw new InvalidOperationException("app bug")
            : Task.CompletedTask;

        await RejoinAllAsync();

        Assert.Equal(["s1", "s2"], Target.Rejoined);
    }

    [Fact]
    public async Task A_session_left_while_its_rejoin_was_under_way_is_not_reported_rejoined()
    {
        Track("s1", "s2");
        Target.DuringCall = (sessionId, _) =>
        {
            if (sessionId == "s1") Resumer.Untrack("s1");
            return Task.CompletedTask;
        };

        await RejoinAllAsync();

        Assert.Equal(["s2"], Target.Rejoined);
        Assert.Equal(["s2"], Resumer.Sessions);
    }

    [Fact]
    public async Task A_session_left_before_its_turn_is_skipped()
    {
        Track("s1", "s2");
        Target.DuringCall = (sessionId, _) =>
        {
            if (sessionId == "s1") Resumer.Untrack("s2");
            return Task.CompletedTask;
        };

        await RejoinAllAsync();

        Assert.Equal(["s1"], Target.Calls.Select(c => c.SessionId));
    }

    [Fact]
    public async Task Nothing_is_tried_while_disconnected()
    {
        Track("s1");
        Target.IsConnected = false;

        await RejoinAllAsync();

        Assert.Empty(Target.Calls);
        Assert.Equal(["s1"], Resumer.Sessions);
    }
}
