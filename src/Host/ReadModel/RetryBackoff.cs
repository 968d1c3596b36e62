namespace SignalingAkka.Host.ReadModel;

/// <summary>Exponential backoff: <c>initial</c> after the first failure, doubling up to <c>max</c>.</summary>
public static class RetryBackoff
{
    public static TimeSpan Delay(int failedAttempts, TimeSpan initial, TimeSpan max)
    {
        // Cap the exponent: 2^30 × any sensible initial delay is already far beyond max.
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = initial.Ticks * Math.Pow(2, exponent);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
