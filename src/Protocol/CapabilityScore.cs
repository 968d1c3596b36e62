namespace SignalingAkka.Protocol;

/// <summary>
/// The capability score that elects a session's hub. Server and clients compute the same number,
/// so the formula is exactly PROTOCOL.md's: real division, floor of the sum.
/// </summary>
public static class CapabilityScore
{
    private const int MaxCpuCores = 1024;
    private const int MaxRamMb = 16_777_216;
    private const int MaxBatteryPercent = 100;
    private const double MaxBandwidthMbps = 1_000_000;
    private const int MaxScreenWidth = 100_000;
    private const int MaxCodecChars = 64;

    /// <summary>Throws for capabilities that <see cref="TryValidate"/> rejects: their score is meaningless.</summary>
    public static int Compute(Capabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        if (!TryValidate(capabilities, out var error))
            throw new ArgumentException(error, nameof(capabilities));
        return (int)Math.Floor(Sum(capabilities));
    }

    public static bool TryValidate(Capabilities? capabilities, out string error)
    {
        error = capabilities switch
        {
            null => "capabilities are required",
            { CpuCores: < 0 or > MaxCpuCores } => $"cpuCores must be 0..{MaxCpuCores}",
            { RamMb: < 0 or > MaxRamMb } => $"ramMb must be 0..{MaxRamMb}",
            { BatteryPercent: < 0 or > MaxBatteryPercent } => $"batteryPercent must be 0..{MaxBatteryPercent}",
            { BandwidthMbps: var b } when !double.IsFinite(b) || b < 0 || b > MaxBandwidthMbps =>
                $"bandwidthMbps must be a finite number 0..{MaxBandwidthMbps}",
            { DeviceType: var d } when !WireNames.TryParse<DeviceType>(d, out _) => "deviceType is not a known device type",
            { NetworkType: var n } when !WireNames.TryParse<NetworkType>(n, out _) => "networkType is not a known network type",
            { ScreenWidth: < 0 or > MaxScreenWidth } => $"screenWidth must be 0..{MaxScreenWidth}",
            { SupportedCodecs: { } codecs } => CodecsError(codecs),
            _ => "",
        };
        return error.Length == 0;
    }

    private static string CodecsError(string[] codecs)
    {
        if (codecs.Length > Limits.MaxSupportedCodecs)
            return $"supportedCodecs may hold at most {Limits.MaxSupportedCodecs} entries";
        return codecs.All(c => c is { Length: > 0 and <= MaxCodecChars })
            ? ""
            : $"each supported codec must be 1..{MaxCodecChars} chars";
    }

    // In double throughout: the terms are fractional, and in range their sum stays far below int.MaxValue.
    private static double Sum(Capabilities c) =>
        c.CpuCores * 10.0
        + c.RamMb / 100.0
        + (c.IsCharging ? 200 : c.BatteryPercent * 2)
        + c.BandwidthMbps * 5
        + (c.DeviceType == nameof(DeviceType.DESKTOP) ? 100 : 0)
        + (c.NetworkType == nameof(NetworkType.ETHERNET) ? 50 : 0)
        + c.ScreenWidth / 10.0
        + (c.SupportedCodecs?.Length ?? 0) * 15;
}
