namespace SignalingAkka.Actors.Common;

/// <summary>How persistent entities snapshot and passivate.</summary>
public sealed record EntitySettings(int SnapshotEvery, TimeSpan IdleTimeout)
{
    public static readonly EntitySettings Default = new(100, TimeSpan.FromMinutes(2));
}
