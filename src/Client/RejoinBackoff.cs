namespace SignalingAkka.Client;

/// <summary>The wait before trying a failed rejoin again: 0.5 s, doubling, at most 10 s.</summary>
internal static class RejoinBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    /// <summary>The delay after the failed attempt number <paramref name="attempt"/> (0 for the first).</summary>
    public static TimeSpan Delay(int attempt) =>
        TimeSpan.FromTicks(Math.Min(Max.Ticks, First.Ticks << Math.Clamp(attempt, 0, 8)));
}
