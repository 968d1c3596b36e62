using SignalingAkka.Protocol;

namespace SignalingAkka.Client.Tests.Resume;

public sealed class SessionTrackingTests : ResumerFixture
{
    [Fact]
    public void Nothing_is_tracked_at_first()
    {
        Assert.Empty(Resumer.Sessions);
    }

    [Fact]
    public void Sessions_are_tracked_once_in_the_order_they_were_entered()
    {
        Track("s1", "s2", "s1");

        Assert.Equal(["s1", "s2"], Resumer.Sessions);
    }

    [Fact]
    public void Leaving_stops_tracking_only_that_session()
    {
        Track("s1", "s2");

        Assert.True(Resumer.Untrack("s1"));

        Assert.Equal(["s2"], Resumer.Sessions);
        Assert.False(Resumer.Untrack("s1"));
    }

    [Fact]
    public void An_ended_session_is_untracked_and_its_seqs_forgotten()
    {
        Track("s1", "s2");
        Resumer.TryDeliver("s1", 5);

        Resumer.OnSessionEnded("s1");

        Assert.Equal(["s2"], Resumer.Sessions);
        Assert.Equal(0, Resumer.LastSeq("s1"));
    }

    [Theory]
    [InlineData("TIMEOUT")]
    [InlineData("REMOVED")]
    [InlineData("LEFT")]
    public void The_client_leaving_itself_untracks_the_session_but_keeps_its_seqs(string reason)
    {
        Track("s1", "s2");
        Resumer.TryDeliver("s1", 5);

        Resumer.OnPeerLeft(new PeerLeftEvent("s1", Own, reason));

        Assert.Equal(["s2"], Resumer.Sessions);
        Assert.Equal(5, Resumer.LastSeq("s1"));
    }

    [Fact]
    public void Another_peer_leaving_keeps_the_session()
    {
        Track("s1");

        Resumer.OnPeerLeft(new PeerLeftEvent("s1", Other, "TIMEOUT"));

        Assert.Equal(["s1"], Resumer.Sessions);
    }

    [Theory]
    [InlineData(ErrorCodes.SessionEnded, true)]
    [InlineData(ErrorCodes.NotInSession, true)]
    [InlineData(ErrorCodes.SessionNotFound, true)]
    [InlineData(ErrorCodes.Unavailable, false)]
    [InlineData(ErrorCodes.Internal, false)]
    [InlineData(ErrorCodes.SignatureInvalid, false)]
    [InlineData(ErrorCodes.PeerNotInSession, false)]
    public void Only_the_codes_saying_the_client_is_out_mean_a_session_is_gone(string code, bool gone)
    {
        Assert.Equal(gone, SessionResumer.MeansGone(code));
    }
}
