namespace SignalingAkka.Protocol.Tests;

public class WireNamesTests
{
    [Theory]
    [InlineData("PHONE", DeviceType.PHONE)]
    [InlineData("TV", DeviceType.TV)]
    [InlineData("GLASSES", DeviceType.GLASSES)]
    public void Parses_exact_names(string text, DeviceType expected)
    {
        Assert.True(WireNames.TryParse<DeviceType>(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]          // Enum.TryParse would accept the number
    [InlineData("-1")]
    [InlineData("99")]
    [InlineData("phone")]      // names are case-sensitive on the wire
    [InlineData("Phone")]
    [InlineData("PHONE,TV")]   // Enum.TryParse would accept a flags list
    [InlineData(" PHONE")]
    [InlineData("PHONE ")]
    [InlineData("WATCH")]
    public void Rejects_numbers_lists_and_other_spellings(string? text) =>
        Assert.False(WireNames.TryParse<DeviceType>(text, out _));

    [Fact]
    public void Every_upper_case_name_round_trips()
    {
        AssertRoundTrips<Platform>();
        AssertRoundTrips<DeviceType>();
        AssertRoundTrips<SessionType>();
        AssertRoundTrips<ParticipantRole>();
        AssertRoundTrips<Tier>();
        AssertRoundTrips<EndReason>();
        AssertRoundTrips<NetworkType>();
        AssertRoundTrips<LicenseTier>();
        AssertRoundTrips<LeaveReason>();
        AssertRoundTrips<PushProvider>();
    }

    [Fact]
    public void Enum_names_are_the_protocols()
    {
        Assert.Equal(["ANDROID", "IOS", "DESKTOP", "WEB"], Enum.GetNames<Platform>());
        Assert.Equal(["PHONE", "TABLET", "DESKTOP", "GLASSES", "TV"], Enum.GetNames<DeviceType>());
        Assert.Equal(["CALL", "CAST", "FILE_TRANSFER", "SCREEN_SHARE"], Enum.GetNames<SessionType>());
        Assert.Equal(["HOST", "HUB", "SPOKE", "GUEST"], Enum.GetNames<ParticipantRole>());
        Assert.Equal(["FREE", "PRO", "BUSINESS", "ENTERPRISE"], Enum.GetNames<Tier>());
        Assert.Equal(["HOST_LEFT", "TIMEOUT", "ERROR", "COMPLETED"], Enum.GetNames<EndReason>());
        Assert.Equal(["WIFI", "ETHERNET", "CELLULAR", "UNKNOWN"], Enum.GetNames<NetworkType>());
        Assert.Equal(["TRIAL", "STANDARD", "PROFESSIONAL", "CUSTOM", "ENTERPRISE"], Enum.GetNames<LicenseTier>());
        Assert.Equal(["LEFT", "TIMEOUT", "REMOVED"], Enum.GetNames<LeaveReason>());
        Assert.Equal(["FCM", "APNS"], Enum.GetNames<PushProvider>());
    }

    [Theory]
    [InlineData("star", Topology.Star)]
    [InlineData("mesh", Topology.Mesh)]
    [InlineData("sfu", Topology.Sfu)]
    public void Topologies_are_lowercase(string text, Topology topology)
    {
        Assert.Equal(text, WireNames.Of(topology));
        Assert.True(WireNames.TryParseTopology(text, out var parsed));
        Assert.Equal(topology, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("STAR")]
    [InlineData("Star")]
    [InlineData("0")]
    [InlineData("ring")]
    public void Rejects_other_topology_spellings(string? text) =>
        Assert.False(WireNames.TryParseTopology(text, out _));

    [Theory]
    [InlineData(SessionPhase.Active, "active")]
    [InlineData(SessionPhase.Ending, "ending")]
    [InlineData(SessionPhase.Ended, "ended")]
    public void Session_states_are_lowercase(SessionPhase state, string text) =>
        Assert.Equal(text, WireNames.Of(state));

    [Theory]
    [InlineData(LicenseTier.TRIAL, Tier.FREE)]
    [InlineData(LicenseTier.STANDARD, Tier.FREE)]
    [InlineData(LicenseTier.PROFESSIONAL, Tier.PRO)]
    [InlineData(LicenseTier.CUSTOM, Tier.BUSINESS)]
    [InlineData(LicenseTier.ENTERPRISE, Tier.ENTERPRISE)]
    public void Maps_license_tiers_as_the_protocol_says(LicenseTier license, Tier tier) =>
        Assert.Equal(tier, WireNames.ToSignalingTier(license));

    private static void AssertRoundTrips<TEnum>() where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            Assert.True(WireNames.TryParse<TEnum>(WireNames.Of(value), out var parsed), value.ToString());
            Assert.Equal(value, parsed);
        }
    }
}
