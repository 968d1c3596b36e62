namespace SignalingAkka.Protocol;

/// <summary>Numeric limits of the wire contract.</summary>
public static class Limits
{
    public const int MaxSdpChars = 65_536;
    public const int MaxCandidateChars = 2_048;
    public const int MaxHubMessageBytes = 128 * 1024;
    public const int ClockSkewSeconds = 300;
    public const int MaxDeviceNameChars = 100;
    public const int MaxSdpMidChars = 256;
    public const int MaxLicenseTokenChars = 512;
    public const int MaxPushTokenChars = 4_096;
    public const int MaxSupportedCodecs = 64;

    /// <summary>Messages held for a disconnected recipient; the oldest is dropped first.</summary>
    public const int MaxQueuedPerPeer = 256;

    /// <summary>How long a held message waits for its recipient.</summary>
    public static readonly TimeSpan QueuedMessageTtl = TimeSpan.FromMinutes(5);

    /// <summary>Pushed messages kept per recipient for replay after a socket died with them in flight (at least 64).</summary>
    public const int RecentPushedPerPeer = 256;
}

/// <summary>Per-tier rules of PROTOCOL.md.</summary>
public sealed record TierLimits(Tier Tier, int? MaxParticipants, bool TurnAllowed, TimeSpan? MaxDuration)
{
    public static readonly TimeSpan SessionTtl = TimeSpan.FromHours(24);

    public static TierLimits For(Tier tier) => tier switch
    {
        Tier.FREE => new(tier, 2, false, TimeSpan.FromMinutes(40)),
        Tier.PRO => new(tier, 10, true, null),
        Tier.BUSINESS => new(tier, 50, true, null),
        Tier.ENTERPRISE => new(tier, null, true, null),
        _ => throw new ArgumentOutOfRangeException(nameof(tier)),
    };

    /// <summary>How long a session of this tier may live: its own limit, else the 24-hour TTL.</summary>
    public TimeSpan Lifetime => MaxDuration is { } d && d < SessionTtl ? d : SessionTtl;
}
