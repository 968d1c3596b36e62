namespace SignalingAkka.Client.Tests.Resume;

public sealed class DuplicateTests : ResumerFixture
{
    [Fact]
    public void Increasing_seqs_are_delivered_gaps_included()
    {
        Assert.True(Resumer.TryDeliver("s1", 1));
        Assert.True(Resumer.TryDeliver("s1", 2));
        Assert.True(Resumer.TryDeliver("s1", 7));

        Assert.Equal(7, Resumer.LastSeq("s1"));
    }

    [Fact]
    public void A_seq_at_or_below_the_last_delivered_is_dropped()
    {
        Resumer.TryDeliver("s1", 1);
        Resumer.TryDeliver("s1", 2);

        Assert.False(Resumer.TryDeliver("s1", 2));
        Assert.False(Resumer.TryDeliver("s1", 1));
        Assert.Equal(2, Resumer.LastSeq("s1"));
    }

    [Fact]
    public void Sessions_have_their_own_seqs()
    {
        Resumer.TryDeliver("s1", 9);

        Assert.True(Resumer.TryDeliver("s2", 1));
    }

    [Fact]
    public async Task Messages_replayed_before_the_rejoin_result_reach_the_app_only_when_new()
    {
        Track("s1");
        foreach (var seq in new long[] { 1, 2, 3 }) Resumer.TryDeliver("s1", seq);
        var delivered = new List<long>();
        // The server redelivers what it cannot know arrived, before the result: 2 and 3 did arrive.
        Target.DuringCall = (sessionId, _) =>
        {
            foreach (var seq in new long[] { 2, 3, 4, 5 })
                if (Resumer.TryDeliver(sessionId, seq)) delivered.Add(seq);
            return Task.CompletedTask;
        };

        await RejoinAllAsync();

        Assert.Equal([("s1", (long?)3)], Target.Calls);
        Assert.Equal([4L, 5L], delivered);
        Assert.Equal(5, Resumer.LastSeq("s1"));
    }

    [Fact]
    public void A_concurrent_duplicate_is_delivered_once()
    {
        var delivered = 0;
        Parallel.For(0, 1_000, _ =>
        {
            if (Resumer.TryDeliver("s1", 1)) Interlocked.Increment(ref delivered);
        });

        Assert.Equal(1, delivered);
    }
}
