using SignalingAkka.Protocol;

namespace SignalingAkka.Client.Tests.Resume;

public sealed class RejoinRestartTests : ResumerFixture
{
    [Fact]
    public async Task A_second_reconnect_cancels_the_running_pass_and_starts_over()
    {
        Track("s1", "s2");
        var firstCall = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        Target.DuringCall = async (_, ct) =>
        {
            // The first call hangs, as on a connection that died under it, until its pass is cancelled.
            if (firstCall.TrySetResult(ct)) await Task.Delay(Timeout.Infinite, ct);
        };
        var first = Resumer.RejoinAllAsync();
        var firstToken = await firstCall.Task.WaitAsync(Patience);

        var second = Resumer.RejoinAllAsync();
        await Task.WhenAll(first, second).WaitAsync(Patience);

        Assert.True(firstToken.IsCancellationRequested);
        Assert.False(Target.Overlapped);
        Assert.Equal(["s1", "s1", "s2"], Target.Calls.Select(c => c.SessionId));
        Assert.Equal(["s1", "s2"], Target.Rejoined);
        Assert.Equal(["s1", "s2"], Resumer.Sessions);
    }

    [Fact]
    public async Task A_second_reconnect_during_a_backoff_starts_over_without_waiting_it_out()
    {
        Track("s1");
        Target.Fail("s1", new SignalingException(ErrorCodes.Unavailable, "UNAVAILABLE: busy"));
        Delay.Hold = true;
        var first = Resumer.RejoinAllAsync();
        await Delay.Waiting.WaitAsync(Patience);

        var second = Resumer.RejoinAllAsync();
        await Task.WhenAll(first, second).WaitAsync(Patience);

        Assert.Equal(2, Target.Calls.Count);
        Assert.Equal(["s1"], Target.Rejoined);
    }

    [Fact]
    public async Task The_next_pass_asks_from_what_the_cancelled_one_redelivered()
    {
        Track("s1");
        var calls = 0;
        Target.DuringCall = async (sessionId, ct) =>
        {
            if (Interlocked.Increment(ref calls) > 1) return;
            Resumer.TryDeliver(sessionId, 4);
            await Task.Delay(Timeout.Infinite, ct);
        };
        var first = Resumer.RejoinAllAsync();
        while (Volatile.Read(ref calls) == 0) await Task.Delay(5);

        await Task.WhenAll(first, Resumer.RejoinAllAsync()).WaitAsync(Patience);

        Assert.Equal([("s1", null), ("s1", (long?)4)], Target.Calls);
    }

    [Fact]
    public async Task Closing_cancels_the_pass_and_keeps_the_sessions()
    {
        Track("s1", "s2");
        Target.Fail("s1", new SignalingException(ErrorCodes.Internal, "INTERNAL: oops"));
        Delay.Hold = true;
        var pass = Resumer.RejoinAllAsync();
        await Delay.Waiting.WaitAsync(Patience);

        Resumer.CancelRejoins();
        await pass.WaitAsync(Patience);

        Assert.Single(Target.Calls);
        Assert.Empty(Target.Rejoined);
        Assert.Equal(["s1", "s2"], Resumer.Sessions);
    }

    [Fact]
    public async Task A_pass_after_a_close_works_again()
    {
        Track("s1");
        Resumer.CancelRejoins();

        await RejoinAllAsync();

        Assert.Equal(["s1"], Target.Rejoined);
    }
}
