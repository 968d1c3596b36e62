namespace SignalingAkka.Protocol.Tests;

public class CapabilityScoreTests
{
    private static readonly Capabilities ProtocolVector =
        new(8, 16384, 50, false, 100, "DESKTOP", "ETHERNET", 2560, ["VP8", "VP9", "H264"]);

    [Fact]
    public void Scores_the_protocol_vector_1294() =>
        // 80 + 163.84 + 100 + 500 + 100 + 50 + 256 + 45 = 1294.84
        Assert.Equal(1294, CapabilityScore.Compute(ProtocolVector));

    [Fact]
    public void A_charging_device_counts_200_whatever_its_battery()
    {
        // 20 + 39.99 + 200 + 1.5 + 0 + 0 + 79.9 + 15 = 356.39: integer division would give 354,
        // and battery*2 instead of the charging bonus 230.
        var charging = new Capabilities(2, 3999, 37, true, 0.3, "PHONE", "CELLULAR", 799, ["VP8"]);
        Assert.Equal(356, CapabilityScore.Compute(charging));
    }

    [Fact]
    public void Floors_the_real_sum_rather_than_each_term()
    {
        // 0 + 0.99 + 0 + 0 + 0 + 0 + 0.9 + 0 = 1.89: flooring each division would give 0.
        var tiny = new Capabilities(0, 99, 0, false, 0, "TV", "WIFI", 9, null);
        Assert.Equal(1, CapabilityScore.Compute(tiny));
    }

    [Fact]
    public void Desktop_and_ethernet_bonuses_apply_only_to_those_exact_names()
    {
        var tablet = ProtocolVector with { DeviceType = "TABLET" };
        var wifi = ProtocolVector with { NetworkType = "WIFI" };
        Assert.Equal(1194, CapabilityScore.Compute(tablet));
        Assert.Equal(1244, CapabilityScore.Compute(wifi));
    }

    [Fact]
    public void The_largest_valid_vector_fits_an_int()
    {
        var max = new Capabilities(1024, 16_777_216, 100, true, 1_000_000, "DESKTOP", "ETHERNET", 100_000,
            Enumerable.Repeat(new string('c', 64), Limits.MaxSupportedCodecs).ToArray());
        // 10240 + 167772.16 + 200 + 5000000 + 100 + 50 + 10000 + 960
        Assert.Equal(5_189_322, CapabilityScore.Compute(max));
    }

    [Fact]
    public void Compute_refuses_what_validation_rejects() =>
        Assert.Throws<ArgumentException>(() => CapabilityScore.Compute(ProtocolVector with { CpuCores = -1 }));

    [Fact]
    public void Validates_the_protocol_vector_and_the_bounds()
    {
        Assert.True(CapabilityScore.TryValidate(ProtocolVector, out var error));
        Assert.Equal("", error);
        Assert.True(CapabilityScore.TryValidate(
            new Capabilities(0, 0, 0, false, 0, "GLASSES", "UNKNOWN", 0, []), out _));
    }

    public static TheoryData<string, Capabilities?> Invalid => new()
    {
        { "null", null },
        { "cpuCores -1", ProtocolVector with { CpuCores = -1 } },
        { "cpuCores 1025", ProtocolVector with { CpuCores = 1025 } },
        { "ramMb -1", ProtocolVector with { RamMb = -1 } },
        { "ramMb 16777217", ProtocolVector with { RamMb = 16_777_217 } },
        { "batteryPercent -1", ProtocolVector with { BatteryPercent = -1 } },
        { "batteryPercent 101", ProtocolVector with { BatteryPercent = 101 } },
        { "bandwidthMbps -0.1", ProtocolVector with { BandwidthMbps = -0.1 } },
        { "bandwidthMbps 1000000.5", ProtocolVector with { BandwidthMbps = 1_000_000.5 } },
        { "bandwidthMbps NaN", ProtocolVector with { BandwidthMbps = double.NaN } },
        { "bandwidthMbps +inf", ProtocolVector with { BandwidthMbps = double.PositiveInfinity } },
        { "deviceType null", ProtocolVector with { DeviceType = null } },
        { "deviceType lowercase", ProtocolVector with { DeviceType = "desktop" } },
        { "deviceType number", ProtocolVector with { DeviceType = "2" } },
        { "deviceType list", ProtocolVector with { DeviceType = "PHONE,TV" } },
        { "networkType null", ProtocolVector with { NetworkType = null } },
        { "networkType 5G", ProtocolVector with { NetworkType = "5G" } },
        { "screenWidth -1", ProtocolVector with { ScreenWidth = -1 } },
        { "screenWidth 100001", ProtocolVector with { ScreenWidth = 100_001 } },
        { "65 codecs", ProtocolVector with { SupportedCodecs = Enumerable.Repeat("VP8", 65).ToArray() } },
        { "empty codec", ProtocolVector with { SupportedCodecs = ["VP8", ""] } },
        { "null codec", ProtocolVector with { SupportedCodecs = ["VP8", null!] } },
        { "65-char codec", ProtocolVector with { SupportedCodecs = [new string('c', 65)] } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Rejects_out_of_range_capabilities_with_a_reason(string name, Capabilities? capabilities)
    {
        Assert.False(CapabilityScore.TryValidate(capabilities, out var error), name);
        Assert.False(string.IsNullOrWhiteSpace(error), name);
    }

    [Fact]
    public void Names_the_offending_field()
    {
        CapabilityScore.TryValidate(ProtocolVector with { ScreenWidth = -5 }, out var error);
        Assert.Contains("screenWidth", error);
    }
}
