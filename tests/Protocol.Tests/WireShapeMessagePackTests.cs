using System.Buffers;
using System.Text.Json;
using MessagePack;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace SignalingAkka.Protocol.Tests;

/// <summary>
/// Records through the MessagePack hub protocol with its default options, as the daemon enables
/// it: field names must be the same camelCase keys as in JSON, and records must read back equal.
/// </summary>
public class WireShapeMessagePackTests
{
    private readonly MessagePackHubProtocol _protocol = new();

    [Fact]
    public void Session_info_is_a_map_of_the_protocol_fields()
    {
        var argument = WriteInvocationArgument(HubEvents.PeerJoined, WireSamples.Session());
        Assert.Equal(WireSamples.SessionInfoFields.Order(), Keys(argument).Order());
        Assert.All(argument.GetProperty("participants").EnumerateArray(),
            p => Assert.Equal(WireSamples.ParticipantFields.Order(), Keys(p).Order()));
        Assert.Equal(JsonValueKind.Null, argument.GetProperty("expiresAt").ValueKind);
    }

    [Fact]
    public void Ice_candidate_event_writes_its_nulls()
    {
        var argument = WriteInvocationArgument(HubEvents.IceCandidate, WireSamples.EndOfCandidates());
        Assert.Equal(WireSamples.IceCandidateEventFields.Order(), Keys(argument).Order());
        Assert.Equal(JsonValueKind.Null, argument.GetProperty("sdpMid").ValueKind);
        Assert.Equal(JsonValueKind.Null, argument.GetProperty("sdpMLineIndex").ValueKind);
    }

    [Fact]
    public void Register_device_request_is_a_map_of_the_protocol_fields() =>
        Assert.Equal(WireSamples.RegisterDeviceFields.Order(),
            Keys(WriteInvocationArgument(HubMethods.RegisterDevice, WireSamples.Register())).Order());

    [Fact]
    public void Capabilities_are_a_map_of_the_protocol_fields() =>
        Assert.Equal(WireSamples.CapabilitiesFields.Order(),
            Keys(WriteInvocationArgument(HubMethods.JoinSession, WireSamples.Join()).GetProperty("capabilities")).Order());

    [Fact]
    public void Invocation_arguments_read_back_equal()
    {
        AssertInvocationRoundTrips(HubEvents.PeerJoined, WireSamples.Session());
        AssertInvocationRoundTrips(HubEvents.IceCandidate, WireSamples.EndOfCandidates());
        AssertInvocationRoundTrips(HubMethods.RegisterDevice, WireSamples.Register());
        AssertInvocationRoundTrips(HubMethods.JoinSession, WireSamples.Join());
    }

    [Fact]
    public void Results_read_back_equal()
    {
        AssertResultRoundTrips(WireSamples.Session());
        AssertResultRoundTrips(WireSamples.Turn());
        AssertResultRoundTrips(new ListPairingsResult([new PairingInfo("p1", WireSamples.Guest, "ACTIVE", "2030-01-02T03:04:05.678Z")]));
    }

    [Fact]
    public void A_request_from_another_client_may_omit_optional_fields_and_add_unknown_ones()
    {
        // What a JavaScript client's encoder sends: a whole-number bandwidth as a MessagePack integer,
        // no topology or userId, and a field this server does not know.
        var request = ReadForeignInvocation<JoinSessionRequest>(HubMethods.JoinSession, """
            {"inviteCode":"avne23hjkmxz","extra":1,
             "capabilities":{"cpuCores":8,"ramMb":16384,"batteryPercent":50,"isCharging":false,"bandwidthMbps":100,
                             "deviceType":"DESKTOP","networkType":"ETHERNET","screenWidth":2560,"supportedCodecs":["VP8","VP9","H264"]}}
            """);
        Assert.Equal("avne23hjkmxz", request.InviteCode);
        Assert.Equal(1294, CapabilityScore.Compute(request.Capabilities!));

        var bare = ReadForeignInvocation<RegisterDeviceRequest>(HubMethods.RegisterDevice, "{}");
        Assert.Equal(new RegisterDeviceRequest(null, null, null, null, null), bare);
    }

    [Fact]
    public void Empty_shapes_are_empty_maps()
    {
        Assert.NotNull(ReadForeignInvocation<EmptyRequest>(HubMethods.ListPairings, "{}"));
        Assert.NotNull(ReadForeignInvocation<EmptyRequest>(HubMethods.ListPairings, """{"unused":1}"""));
        Assert.Empty(Keys(WriteInvocationArgument("Result", EmptyResult.Instance)));
        var result = RoundTrip(CompletionMessage.WithResult("7", EmptyResult.Instance), new SingleTypeBinder(typeof(EmptyResult)));
        Assert.IsType<EmptyResult>(Assert.IsType<CompletionMessage>(result).Result);
    }

    /// <summary>Writes a one-argument invocation and returns that argument as JSON.</summary>
    private JsonElement WriteInvocationArgument(string target, object argument)
    {
        var frame = Write(new InvocationMessage(target, [argument]));
        // [type, headers, invocationId, target, arguments, streamIds]
        var message = JsonDocument.Parse(MessagePackSerializer.ConvertToJson(LengthPrefix.Strip(frame))).RootElement;
        Assert.Equal(HubProtocolConstants.InvocationMessageType, message[0].GetInt32());
        Assert.Equal(target, message[3].GetString());
        return message[4][0];
    }

    private void AssertInvocationRoundTrips<T>(string target, T argument) where T : notnull
    {
        var message = RoundTrip(new InvocationMessage(target, [argument]), new SingleTypeBinder(typeof(T)));
        var invocation = Assert.IsType<InvocationMessage>(message);
        Assert.Equal(target, invocation.Target);
        Assert.Equivalent(argument, Assert.Single(invocation.Arguments), strict: true);
    }

    private void AssertResultRoundTrips<T>(T result) where T : notnull
    {
        var message = RoundTrip(CompletionMessage.WithResult("7", result), new SingleTypeBinder(typeof(T)));
        Assert.Equivalent(result, Assert.IsType<CompletionMessage>(message).Result, strict: true);
    }

    /// <summary>Reads an invocation whose argument was encoded from JSON by a generic MessagePack encoder.</summary>
    private T ReadForeignInvocation<T>(string target, string argumentJson)
    {
        var messageJson = $$"""[{{HubProtocolConstants.InvocationMessageType}}, {}, null, "{{target}}", [{{argumentJson}}], []]""";
        var frame = LengthPrefix.Add(MessagePackSerializer.ConvertFromJson(messageJson));
        var input = new ReadOnlySequence<byte>(frame);
        Assert.True(_protocol.TryParseMessage(ref input, new SingleTypeBinder(typeof(T)), out var message));
        var invocation = Assert.IsType<InvocationMessage>(message);
        return Assert.IsType<T>(Assert.Single(invocation.Arguments));
    }

    private HubMessage RoundTrip(HubMessage message, IInvocationBinder binder)
    {
        var input = new ReadOnlySequence<byte>(Write(message));
        Assert.True(_protocol.TryParseMessage(ref input, binder, out var parsed));
        Assert.True(input.IsEmpty);
        return parsed!;
    }

    private byte[] Write(HubMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        _protocol.WriteMessage(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static IEnumerable<string> Keys(JsonElement json) => json.EnumerateObject().Select(p => p.Name);

    /// <summary>Every hub method and event of these tests takes, or returns, one value of one type.</summary>
    private sealed class SingleTypeBinder(Type type) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [type];
        public Type GetReturnType(string invocationId) => type;
        public Type GetStreamItemType(string streamId) => throw new NotSupportedException("no streams on the wire");
    }

    /// <summary>SignalR frames each binary message with its length as a 7-bit varint.</summary>
    private static class LengthPrefix
    {
        public static byte[] Add(byte[] payload)
        {
            var prefix = new List<byte>();
            var remaining = payload.Length;
            do
            {
                var low = (byte)(remaining & 0x7f);
                remaining >>= 7;
                prefix.Add(remaining > 0 ? (byte)(low | 0x80) : low);
            } while (remaining > 0);
            return [.. prefix, .. payload];
        }

        public static byte[] Strip(byte[] frame)
        {
            var length = 0;
            var index = 0;
            byte current;
            do
            {
                current = frame[index];
                length |= (current & 0x7f) << (7 * index);
                index++;
            } while ((current & 0x80) != 0);
            Assert.Equal(frame.Length - index, length);
            return frame[index..];
        }
    }
}
