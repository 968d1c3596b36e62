using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;

namespace SignalingAkka.Protocol.Tests;

/// <summary>The JSON hub protocol writes records with System.Text.Json and these options.</summary>
public class WireShapeJsonTests
{
    // JsonHubProtocolOptions' defaults that shape payloads: camelCase names, case-insensitive reads.
    private static readonly JsonSerializerOptions SignalROptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
    };

    [Fact]
    public void Session_info_has_the_protocol_fields()
    {
        var json = Serialize(WireSamples.Session());
        Assert.Equal(WireSamples.SessionInfoFields.Order(), Keys(json).Order());
        Assert.All(json.GetProperty("participants").EnumerateArray(),
            p => Assert.Equal(WireSamples.ParticipantFields.Order(), Keys(p).Order()));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("expiresAt").ValueKind);
        Assert.Equal(10, json.GetProperty("maxPeers").GetInt32());
    }

    [Fact]
    public void Ice_candidate_event_writes_its_nulls()
    {
        var json = Serialize(WireSamples.EndOfCandidates());
        Assert.Equal(WireSamples.IceCandidateEventFields.Order(), Keys(json).Order());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("sdpMid").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("sdpMLineIndex").ValueKind);
        Assert.Equal("", json.GetProperty("candidate").GetString());
    }

    [Fact]
    public void Register_device_request_has_the_protocol_fields() =>
        Assert.Equal(WireSamples.RegisterDeviceFields.Order(), Keys(Serialize(WireSamples.Register())).Order());

    [Fact]
    public void Records_read_back_equal()
    {
        AssertRoundTrips(WireSamples.Session());
        AssertRoundTrips(WireSamples.EndOfCandidates());
        AssertRoundTrips(WireSamples.Register());
        AssertRoundTrips(WireSamples.Join());
    }

    [Fact]
    public void A_request_from_another_client_may_omit_optional_fields_and_add_unknown_ones()
    {
        const string json = """
            {"inviteCode":"avne23hjkmxz","extra":1,
             "capabilities":{"cpuCores":8,"ramMb":16384,"batteryPercent":50,"isCharging":false,"bandwidthMbps":100,
                             "deviceType":"DESKTOP","networkType":"ETHERNET","screenWidth":2560,"supportedCodecs":["VP8","VP9","H264"]}}
            """;
        var request = JsonSerializer.Deserialize<JoinSessionRequest>(json, SignalROptions)!;
        Assert.Equal("avne23hjkmxz", request.InviteCode);
        Assert.Equal(1294, CapabilityScore.Compute(request.Capabilities!));

        var bare = JsonSerializer.Deserialize<RegisterDeviceRequest>("{}", SignalROptions)!;
        Assert.Equal(new RegisterDeviceRequest(null, null, null, null, null), bare);
    }

    [Fact]
    public void Empty_shapes_are_empty_objects()
    {
        Assert.Equal("{}", JsonSerializer.Serialize(EmptyResult.Instance, SignalROptions));
        Assert.NotNull(JsonSerializer.Deserialize<EmptyRequest>("{}", SignalROptions));
    }

    /// <summary>
    /// The MessagePack protocol names fields by DataMember, the JSON protocol by its naming policy:
    /// every wire record must name each property the same way in both.
    /// </summary>
    [Fact]
    public void Every_wire_record_names_its_fields_alike_in_both_protocols()
    {
        var records = typeof(SessionInfo).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DataContractAttribute>() is not null)
            .ToList();
        Assert.True(records.Count >= 30, $"only {records.Count} wire records found");
        Assert.All(records, record => Assert.All(record.GetProperties(BindingFlags.Public | BindingFlags.Instance), property =>
        {
            var member = property.GetCustomAttribute<DataMemberAttribute>();
            Assert.True(member is not null, $"{record.Name}.{property.Name} has no DataMember");
            Assert.Equal(JsonNamingPolicy.CamelCase.ConvertName(property.Name), member.Name);
        }));
    }

    private static JsonElement Serialize<T>(T value) =>
        JsonSerializer.SerializeToElement(value, SignalROptions);

    private static IEnumerable<string> Keys(JsonElement json) => json.EnumerateObject().Select(p => p.Name);

    private static void AssertRoundTrips<T>(T value)
    {
        var text = JsonSerializer.Serialize(value, SignalROptions);
        Assert.Equivalent(value, JsonSerializer.Deserialize<T>(text, SignalROptions), strict: true);
    }
}
