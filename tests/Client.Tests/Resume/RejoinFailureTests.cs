using SignalingAkka.Protocol;

namespace SignalingAkka.Client.Tests.Resume;

public sealed class RejoinFailureTests : ResumerFixture
{
    [Theory]
    [InlineData(ErrorCodes.SessionEnded)]
    [InlineData(ErrorCodes.NotInSession)]
    [InlineData(ErrorCodes.SessionNotFound)]
    public async Task A_session_the_client_is_out_of_is_dropped_and_reported_lost(string code)
    {
        Track("s1", "s2");
        Target.Fail("s1", Refusal(code));

        await RejoinAllAsync();

        Assert.Equal([new SessionLostEvent("s1", code)], Target.Lost);
        Assert.Equal(["s2"], Resumer.Sessions);
        Assert.Equal(["s2"], Target.Rejoined);
        Assert.Single(Target.Calls, c => c.SessionId == "s1");
        Assert.Empty(Delay.Requested);
    }

    [Theory]
    [InlineData(ErrorCodes.SessionEnded, 0)]
    [InlineData(ErrorCodes.SessionNotFound, 0)]
    [InlineData(ErrorCodes.NotInSession, 6)]
    public async Task A_lost_session_forgets_its_seqs_unless_the_session_lives_on(string code, long lastSeq)
    {
        Track("s1");
        Resumer.TryDeliver("s1", 6);
        Target.Fail("s1", Refusal(code));

        await RejoinAllAsync();

        Assert.Equal(lastSeq, Resumer.LastSeq("s1"));
    }

    public static TheoryData<Exception> Transient() => new()
    {
        Refusal(ErrorCodes.Unavailable),
        Refusal(ErrorCodes.Internal),
        Refusal(ErrorCodes.RateLimited),
        new InvalidOperationException("The 'InvokeCoreAsync' method cannot be called if the connection is not active"),
        new TaskCanceledException("Invocation canceled due to the underlying connection being closed."),
        new IOException("connection reset"),
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public async Task Any_other_failure_is_retried_with_backoff_until_it_succeeds(Exception failure)
    {
        Track("s1");
        Resumer.TryDeliver("s1", 3);
        Target.Fail("s1", failure, failure, failure);

        await RejoinAllAsync();

        Assert.Equal(Enumerable.Repeat(("s1", (long?)3), 4), Target.Calls);
        Assert.Equal([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], Delay.Requested);
        Assert.Equal(["s1"], Target.Rejoined);
        Assert.Empty(Target.Lost);
    }

    [Fact]
    public async Task The_backoff_doubles_up_to_ten_seconds()
    {
        Track("s1");
        Target.Fail("s1", Enumerable.Range(0, 8).Select(_ => (Exception)Refusal(ErrorCodes.Unavailable)).ToArray());

        await RejoinAllAsync();

        Assert.Equal(new[] { 0.5, 1, 2, 4, 8, 10, 10, 10 }.Select(TimeSpan.FromSeconds), Delay.Requested);
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 1)]
    [InlineData(4, 8)]
    [InlineData(5, 10)]
    [InlineData(int.MaxValue, 10)]
    public void Backoff_of_an_attempt(int attempt, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RejoinBackoff.Delay(attempt));
    }

    [Fact]
    public async Task A_transient_failure_then_a_gone_code_ends_in_lost()
    {
        Track("s1");
        Target.Fail("s1", Refusal(ErrorCodes.Unavailable), Refusal(ErrorCodes.NotInSession));

        await RejoinAllAsync();

        Assert.Equal([new SessionLostEvent("s1", ErrorCodes.NotInSession)], Target.Lost);
        Assert.Empty(Resumer.Sessions);
    }

    [Fact]
    public async Task Retrying_stops_when_the_app_leaves_the_session_meanwhile()
    {
        Track("s1", "s2");
        Target.Fail("s1", Refusal(ErrorCodes.Unavailable));
        Delay.Hold = true;
        var pass = Resumer.RejoinAllAsync();
        await Delay.Waiting.WaitAsync(Patience);

        Resumer.Untrack("s1");
        Delay.Release();
        await pass.WaitAsync(Patience);

        Assert.Equal(["s1", "s2"], Target.Calls.Select(c => c.SessionId));
        Assert.Equal(["s2"], Target.Rejoined);
    }

    [Fact]
    public async Task Retrying_stops_when_the_connection_drops_and_keeps_the_session()
    {
        Track("s1");
        Target.Fail("s1", Refusal(ErrorCodes.Unavailable));
        Delay.Hold = true;
        var pass = Resumer.RejoinAllAsync();
        await Delay.Waiting.WaitAsync(Patience);

        Target.IsConnected = false;
        Delay.Release();
        await pass.WaitAsync(Patience);

        Assert.Single(Target.Calls);
        Assert.Empty(Target.Rejoined);
        Assert.Equal(["s1"], Resumer.Sessions);
    }

    [Fact]
    public async Task A_session_already_untracked_is_not_reported_lost_again()
    {
        Track("s1");
        Target.DuringCall = (sessionId, _) =>
        {
            Resumer.OnSessionEnded(sessionId);
            return Task.CompletedTask;
        };
        Target.Fail("s1", Refusal(ErrorCodes.SessionEnded));

        await RejoinAllAsync();

        Assert.Empty(Target.Lost);
    }

    private static SignalingException Refusal(string code) => new(code, $"{code}: refused");
}
