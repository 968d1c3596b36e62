using Microsoft.AspNetCore.SignalR.Client;

namespace SignalingAkka.Client;

/// <summary>
/// The automatic-reconnect schedule: the <see cref="Steps"/> one after another, then the last step
/// again and again, as long as the next try starts within <see cref="GiveUpAfter"/> of the drop; then
/// SignalR gives up and raises <c>Closed</c>. The default, 0, 0.5, 1, 2 and 5 s then every 5 s for
/// 5 minutes, matches the server's default grace period: after it, the sessions are lost anyway.
/// </summary>
public sealed class ReconnectDelays : IRetryPolicy
{
    public IReadOnlyList<TimeSpan> Steps { get; init; } =
    [
        TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5),
    ];

    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan? NextRetryDelay(RetryContext retryContext)
    {
        if (Steps.Count == 0) return null;
        var delay = Steps[(int)Math.Min(retryContext.PreviousRetryCount, Steps.Count - 1)];
        return retryContext.ElapsedTime + delay <= GiveUpAfter ? delay : null;
    }
}
