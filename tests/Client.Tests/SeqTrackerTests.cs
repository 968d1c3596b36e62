namespace SignalingAkka.Client.Tests;

public sealed class SeqTrackerTests
{
    private readonly SeqTracker _seqs = new();

    [Fact]
    public void An_unseen_session_is_at_zero()
    {
        Assert.Equal(0, _seqs.LastSeq("s1"));
    }

    [Fact]
    public void The_highest_seq_is_kept()
    {
        _seqs.Observe("s1", 1);
        _seqs.Observe("s1", 2);
        _seqs.Observe("s1", 5);

        Assert.Equal(5, _seqs.LastSeq("s1"));
    }

    [Fact]
    public void A_lower_seq_does_not_move_it_back()
    {
        _seqs.Observe("s1", 7);
        _seqs.Observe("s1", 3);
        _seqs.Observe("s1", 7);

        Assert.Equal(7, _seqs.LastSeq("s1"));
    }

    [Fact]
    public void Sessions_are_tracked_apart()
    {
        _seqs.Observe("s1", 9);
        _seqs.Observe("s2", 4);

        Assert.Equal(9, _seqs.LastSeq("s1"));
        Assert.Equal(4, _seqs.LastSeq("s2"));
        Assert.Equal(0, _seqs.LastSeq("S1"));
    }

    [Fact]
    public void A_forgotten_session_starts_again_at_zero()
    {
        _seqs.Observe("s1", 9);
        _seqs.Observe("s2", 4);

        _seqs.Forget("s1");

        Assert.Equal(0, _seqs.LastSeq("s1"));
        Assert.Equal(4, _seqs.LastSeq("s2"));
    }

    [Fact]
    public void Concurrent_observations_keep_the_maximum()
    {
        Parallel.For(1, 10_001, seq => _seqs.Observe("s1", seq));

        Assert.Equal(10_000, _seqs.LastSeq("s1"));
    }
}
