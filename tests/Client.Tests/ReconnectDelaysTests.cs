using Microsoft.AspNetCore.SignalR.Client;

namespace SignalingAkka.Client.Tests;

public sealed class ReconnectDelaysTests
{
    [Fact]
    public void The_default_steps_are_followed_by_the_last_one_again_and_again()
    {
        var policy = new ReconnectDelays();

        var delays = Enumerable.Range(0, 8).Select(retry => policy.NextRetryDelay(Context(retry, TimeSpan.FromSeconds(retry))));

        Assert.Equal(new double?[] { 0, 0.5, 1, 2, 5, 5, 5, 5 }.Select(s => (TimeSpan?)TimeSpan.FromSeconds(s!.Value)), delays);
    }

    [Fact]
    public void By_default_no_try_starts_more_than_five_minutes_after_the_drop()
    {
        var policy = new ReconnectDelays();

        Assert.Equal(TimeSpan.FromSeconds(5), policy.NextRetryDelay(Context(60, TimeSpan.FromSeconds(295))));
        Assert.Null(policy.NextRetryDelay(Context(60, TimeSpan.FromSeconds(296))));
    }

    [Fact]
    public void It_keeps_trying_far_longer_than_SignalRs_four_tries()
    {
        var policy = new ReconnectDelays();
        var elapsed = TimeSpan.Zero;
        var retries = 0;
        while (policy.NextRetryDelay(Context(retries, elapsed)) is { } delay)
        {
            elapsed += delay;
            retries++;
        }

        // 0 + 0.5 + 1 + 2 + 5 s, then 58 waits of 5 s: the last try starts 298.5 s after the drop.
        Assert.Equal(63, retries);
        Assert.Equal(TimeSpan.FromSeconds(298.5), elapsed);
    }

    [Fact]
    public void Steps_and_the_limit_can_be_set()
    {
        var policy = new ReconnectDelays { Steps = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)], GiveUpAfter = TimeSpan.FromSeconds(10) };

        Assert.Equal(TimeSpan.FromSeconds(1), policy.NextRetryDelay(Context(0, TimeSpan.Zero)));
        Assert.Equal(TimeSpan.FromSeconds(3), policy.NextRetryDelay(Context(5, TimeSpan.FromSeconds(7))));
        Assert.Null(policy.NextRetryDelay(Context(6, TimeSpan.FromSeconds(8))));
    }

    [Fact]
    public void Without_steps_it_does_not_reconnect()
    {
        Assert.Null(new ReconnectDelays { Steps = [] }.NextRetryDelay(Context(0, TimeSpan.Zero)));
    }

    private static RetryContext Context(long previousRetries, TimeSpan elapsed) =>
        new() { PreviousRetryCount = previousRetries, ElapsedTime = elapsed };
}
