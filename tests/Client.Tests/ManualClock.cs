namespace SignalingAkka.Client.Tests;

/// <summary>A clock the test sets, so token times are known exactly.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
