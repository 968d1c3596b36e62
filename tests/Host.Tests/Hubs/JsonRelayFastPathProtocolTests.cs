using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using SignalingAkka.Host.Hubs;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Tests.Hubs;

/// <summary>
/// The hand-written relay path of the JSON protocol against the default protocol: the same bytes out, the same
/// messages (or the same errors) in, and proof through its counters that the hand-written code did the work.
/// </summary>
public sealed class JsonRelayFastPathProtocolTests
{
    // What the daemon ran before the hand-written path: the default protocol behind the relay routing.
    private static readonly IHubProtocol Reference = new RelayWithoutResultProtocol(new JsonHubProtocol());

    private static JsonRelayFastPathProtocol Fast() =>
        new(new RelayWithoutResultProtocol(new JsonHubProtocol()), new JsonHubProtocolOptions().PayloadSerializerOptions);

    // ---- writing ----

    private static readonly string[] Texts =
    [
        "",
        "candidate:842163049 1 udp 1677729535 198.51.100.23 54400 typ srflx raddr 10.0.0.17 rport 54400",
        "quote \" and backslash \\ and slash /",
        "controls \u0000\u0001\u0007\b\t\n\u000b\f\r\u001b\u001f\u007f end",
        "html <script>alert('x')</script> & a+b=c",
        "non-ASCII é ñ ü ß 日本語 Ελληνικά \u00a0\u00ad",
        "emoji 😀 👩‍👩‍👧 🇫🇷 and a lone high \ud800 and a lone low \udc00 surrogate",
        "separators \u2028\u2029 bom \ufeff replacement \ufffd",
    ];

    public static TheoryData<string, IServerEvent> Events()
    {
        var data = new TheoryData<string, IServerEvent>();
        var sdp = LongSdp();
        foreach (var text in Texts)
        {
            data.Add(HubEvents.IceCandidate, new IceCandidateEvent("session-" + text, "from-" + text, 1, text, text, 0));
            data.Add(HubEvents.SdpOffer, new SdpEvent(text, text, 2, text));
        }

        data.Add(HubEvents.IceCandidate, new IceCandidateEvent("s", "f", 3, "c", null, null));
        data.Add(HubEvents.IceCandidate, new IceCandidateEvent("s", "f", 4, "", null, 7));
        data.Add(HubEvents.IceCandidate, new IceCandidateEvent("s", "f", 5, "c", "", null));
        data.Add(HubEvents.IceCandidate, new IceCandidateEvent("s", "f", long.MaxValue, "c", "audio", int.MaxValue));
        data.Add(HubEvents.IceCandidate, new IceCandidateEvent("s", "f", (long)int.MaxValue + 1, "c", "0", int.MinValue));
        data.Add(HubEvents.IceCandidate, new IceCandidateEvent("", "", 0, "", "", 0));
        data.Add(HubEvents.IceCandidate, new IceCandidateEvent(null!, null!, 6, null!, null, null));
        data.Add(HubEvents.SdpAnswer, new SdpEvent("s", "f", long.MaxValue, sdp));
        data.Add(HubEvents.SdpOffer, new SdpEvent("s", "f", 1, sdp));
        data.Add(HubEvents.SdpOffer, new SdpEvent(null!, null!, 1, null!));
        data.Add("A \"target\" with escapes é", new SdpEvent("s", "f", 1, "v=0"));
        return data;
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void A_relay_event_is_written_by_hand_to_the_bytes_the_default_protocol_writes(string method, IServerEvent payload)
    {
        var fast = Fast();
        var message = new InvocationMessage(method, [payload]);

        var expected = Reference.GetMessageBytes(message).ToArray();
        var actual = fast.GetMessageBytes(message).ToArray();

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
        Assert.Equal(1, fast.WrittenByHand);
    }

    [Fact]
    public void Records_written_one_after_another_to_one_output_and_to_several_follow_each_other_exactly()
    {
        var fast = Fast();
        var messages = Events().Select(row => new InvocationMessage((string)row[0], [row[1]])).ToList();
        var expected = new ArrayBufferWriter<byte>();
        var together = new ArrayBufferWriter<byte>();
        var apart = new List<byte>();
        foreach (var message in messages)
        {
            Reference.WriteMessage(message, expected);
            fast.WriteMessage(message, together);
            var own = new ArrayBufferWriter<byte>();
            fast.WriteMessage(message, own);
            apart.AddRange(own.WrittenSpan.ToArray());
        }

        Assert.Equal(expected.WrittenSpan.ToArray(), together.WrittenSpan.ToArray());
        Assert.Equal(expected.WrittenSpan.ToArray(), apart.ToArray());
        Assert.Equal(2 * messages.Count, fast.WrittenByHand);
    }

    [Fact]
    public void Other_messages_are_written_by_the_default_protocol()
    {
        var fast = Fast();
        HubMessage[] messages =
        [
            new InvocationMessage(HubEvents.PeerLeft, [new PeerLeftEvent("s", "f", "LEFT")]),
            new InvocationMessage("7", HubEvents.IceCandidate, [new IceCandidateEvent("s", "f", 1, "c", null, null)]),
            new InvocationMessage(HubEvents.IceCandidate, [new IceCandidateEvent("s", "f", 1, "c", null, null)])
                { Headers = new Dictionary<string, string> { ["h"] = "v" } },
            new InvocationMessage(HubEvents.SdpOffer, [new SdpEvent("s", "f", 1, "v=0"), new SdpEvent("s", "f", 2, "v=0")]),
            new InvocationMessage(HubEvents.SdpOffer, [null]),
            new InvocationMessage(null, HubEvents.SdpOffer, [new SdpEvent("s", "f", 1, "v=0")], ["1"]),
            CompletionMessage.WithResult("3", new RelayResult(true, false)),
            PingMessage.Instance,
        ];

        foreach (var message in messages)
            Assert.Equal(Reference.GetMessageBytes(message).ToArray(), fast.GetMessageBytes(message).ToArray());
        Assert.Equal(0, fast.WrittenByHand);
    }

    [Fact]
    public void With_payload_options_the_hand_written_code_does_not_reproduce_everything_goes_to_the_inner_protocol()
    {
        var options = new JsonHubProtocolOptions();
        options.PayloadSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        var json = new RelayWithoutResultProtocol(new JsonHubProtocol(Microsoft.Extensions.Options.Options.Create(options)));
        var fast = new JsonRelayFastPathProtocol(json, options.PayloadSerializerOptions);
        var message = new InvocationMessage(HubEvents.IceCandidate, [new IceCandidateEvent("s", "f", 1, "", null, null)]);

        Assert.False(fast.Enabled);
        Assert.Equal(json.GetMessageBytes(message).ToArray(), fast.GetMessageBytes(message).ToArray());
        Assert.DoesNotContain("sdpMid", Encoding.UTF8.GetString(fast.GetMessageBytes(message).Span));
        var input = Record("""{"type":1,"target":"IceCandidate","arguments":[{"sessionId":"s"}]}""");
        Assert.True(fast.TryParseMessage(ref input, new RelayBinder(), out _));
        Assert.Equal(0, fast.ReadByHand);
    }

    [Fact]
    public void The_default_options_are_recognised_also_once_the_serializer_has_used_them()
    {
        var options = new JsonHubProtocolOptions().PayloadSerializerOptions;
        Assert.True(new JsonRelayFastPathProtocol(Reference, options).Enabled);
        JsonSerializer.Serialize(new SdpEvent("s", "f", 1, "v=0"), options);
        Assert.True(new JsonRelayFastPathProtocol(Reference, options).Enabled);
    }

    // ---- reading ----

    private const string Ice = """{"sessionId":"s-1","to":"peer","candidate":"candidate:1 1 udp 1 127.0.0.1 5000 typ host","sdpMid":"0","sdpMLineIndex":0}""";

    /// <summary>Records the hand-written reader takes: the default protocol must read them the same.</summary>
    public static TheoryData<string> Accepted() =>
    [
        $$"""{"type":1,"target":"IceCandidate","arguments":[{{Ice}}]}""",
        $$"""{"type":1,"invocationId":"7","target":"IceCandidate","arguments":[{{Ice}}]}""",
        // The .NET client: headers, nulls written.
        """{"type":1,"headers":{"a":"1","b":"two"},"invocationId":"12","target":"IceCandidate","arguments":[{"sessionId":"s","to":"t","candidate":"","sdpMid":null,"sdpMLineIndex":null}]}""",
        """{"type":1,"headers":{},"target":"SdpOffer","arguments":[{"sessionId":"s","to":"t","sdp":"v=0"}]}""",
        """{"type":1,"headers":{"k":"first","k":"last"},"target":"SdpAnswer","arguments":[{"sessionId":"s","to":"t","sdp":"v=0"}]}""",
        // The JavaScript client: arguments first, type last.
        $$"""{"arguments":[{{Ice}}],"invocationId":"0","target":"IceCandidate","type":1}""",
        """{"arguments":[{"sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n","to":"t","sessionId":"s"}],"target":"SdpOffer","type":1}""",
        """{"arguments":[{"sessionId":"s","to":"t","sdp":"v=0"}],"target":"SdpAnswer","type":1,"invocationId":"x"}""",
        // Missing optional and required fields alike (the hub checks them), shuffled order.
        """{"type":1,"target":"IceCandidate","arguments":[{"candidate":"c","to":"t","sessionId":"s"}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"sdpMLineIndex":-3,"sdpMid":"audio"}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{}]}""",
        """{"type":1,"target":"SdpOffer","arguments":[{}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"sdpMLineIndex":2147483647}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"sdpMLineIndex":-2147483648}]}""",
        // Escapes in values, in property names and in the target.
        """{"type":1,"target":"IceCandidate","arguments":[{"sessionId":"q\"b\\s\/c\u00e9\ud83d\ude00\n\t\u0000","to":"\u65e5\u672c","candidate":"<&'+>"}]}""",
        """{"type":1,"target":"Ice\u0043andidate","arguments":[{"sess\u0069onId":"s","\u0074o":"t"}]}""",
        """{"t\u0079pe":1,"target":"SdpOffer","arguments":[{"sdp":"é 😀 日本"}]}""",
        // Whitespace anywhere JSON allows it.
        " \r\n\t{ \"type\" : 1 ,\n \"target\" :\t\"SdpOffer\" , \"arguments\" : [ { \"sessionId\" : \"s\" , \"sdp\" : \"v\" } ] } \n",
    ];

    [Theory]
    [MemberData(nameof(Accepted))]
    public void A_relay_call_in_a_plain_shape_is_read_by_hand_as_the_default_protocol_reads_it(string json)
    {
        var fast = Fast();

        Assert.Equal(Outcome(Reference, json), Outcome(fast, json));
        Assert.Equal(1, fast.ReadByHand);
    }

    [Theory]
    [InlineData(HubMethods.IceCandidate, RelayWithoutResultProtocol.IceCandidateTarget)]
    [InlineData(HubMethods.SdpOffer, RelayWithoutResultProtocol.SdpOfferTarget)]
    [InlineData(HubMethods.SdpAnswer, RelayWithoutResultProtocol.SdpAnswerTarget)]
    public void A_relay_read_by_hand_keeps_its_routing_by_invocation_id(string method, string withoutResult)
    {
        var fast = Fast();

        var sent = Parse(fast, $$"""{"type":1,"target":"{{method}}","arguments":[{"sessionId":"s"}]}""");
        var invoked = Parse(fast, $$"""{"type":1,"invocationId":"4","target":"{{method}}","arguments":[{"sessionId":"s"}]}""");

        Assert.Equal((withoutResult, (string?)null), (sent.Target, sent.InvocationId));
        Assert.Equal((method, "4"), (invoked.Target, invoked.InvocationId));
        Assert.Equal(2, fast.ReadByHand);
    }

    [Fact]
    public void A_read_request_holds_the_values_sent()
    {
        var invocation = Parse(Fast(), """{"type":1,"target":"IceCandidate","arguments":[{"sessionId":"s","to":"t","candidate":"a\"b","sdpMid":"video","sdpMLineIndex":3}]}""");

        Assert.Equal(new IceCandidateRequest("s", "t", "a\"b", "video", 3), Assert.Single(invocation.Arguments));
    }

    /// <summary>Records the hand-written reader leaves to the default protocol, which decides what they mean.</summary>
    public static TheoryData<string> LeftToTheDefault() =>
    [
        // Wrong token types and numbers that are no int.
        """{"type":1,"target":"IceCandidate","arguments":[{"sdpMLineIndex":"1"}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"sdpMLineIndex":1.5}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"sdpMLineIndex":1e2}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"sdpMLineIndex":2147483648}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"sdpMLineIndex":-2147483649}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"sessionId":5}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"sessionId":true}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"sessionId":{"a":1}}]}""",
        """{"type":1,"target":"SdpOffer","arguments":[{"sdp":["v=0"]}]}""",
        """{"type":"1","target":"IceCandidate","arguments":[{}]}""",
        """{"type":1.0,"target":"IceCandidate","arguments":[{}]}""",
        """{"type":1,"target":5,"arguments":[{}]}""",
        """{"type":1,"target":"IceCandidate","arguments":{}}""",
        // Argument counts and shapes.
        """{"type":1,"target":"IceCandidate","arguments":[{"sessionId":"s"},{"sessionId":"s"}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[]}""",
        """{"type":1,"target":"IceCandidate","arguments":[null]}""",
        """{"type":1,"target":"IceCandidate","arguments":["s"]}""",
        // Names: unknown, other spellings (the serializer ignores case), repeated, the other relay's.
        """{"type":1,"target":"IceCandidate","arguments":[{"sessionId":"s","extra":1}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"SessionId":"s","TO":"t"}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"to":"a","to":"b"}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"sdp":"v=0"}]}""",
        """{"type":1,"target":"SdpOffer","arguments":[{"candidate":"c"}]}""",
        """{"type":1,"target":"SdpAnswer","arguments":[{"sdpMLineIndex":0}]}""",
        """{"type":1,"target":"icecandidate","arguments":[{}]}""",
        // Top level: stream ids, unknown properties, repeats, other message types and methods.
        """{"type":1,"target":"IceCandidate","arguments":[{}],"streamIds":["1"]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{}],"streamIds":[]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{}],"extra":{"a":[1]}}""",
        """{"type":1,"type":1,"target":"IceCandidate","arguments":[{}]}""",
        """{"type":1,"target":"IceCandidate","target":"SdpOffer","arguments":[{}]}""",
        """{"type":1,"invocationId":"1","invocationId":"2","target":"IceCandidate","arguments":[{}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{}],"arguments":[{}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{}],"headers":{},"headers":{"a":"b"}}""",
        """{"type":4,"invocationId":"1","target":"IceCandidate","arguments":[{}]}""",
        """{"type":6}""",
        """{"type":1,"target":"CapabilityUpdate","arguments":[{}]}""",
        """{"type":1,"target":"Nope","arguments":[{}]}""",
        // Invocation ids and headers of other kinds.
        """{"type":1,"invocationId":"","target":"IceCandidate","arguments":[{}]}""",
        """{"type":1,"invocationId":null,"target":"IceCandidate","arguments":[{}]}""",
        """{"type":1,"invocationId":5,"target":"IceCandidate","arguments":[{}]}""",
        """{"type":1,"headers":{"a":1},"target":"IceCandidate","arguments":[{}]}""",
        """{"type":1,"headers":[],"target":"IceCandidate","arguments":[{}]}""",
        // Missing parts and broken JSON.
        """{"target":"IceCandidate","arguments":[{}]}""",
        """{"type":1,"arguments":[{}]}""",
        """{"type":1,"target":"IceCandidate"}""",
        """{"type":1,"target":"IceCandidate","arguments":[{}]""",
        """{"type":1,"target":"IceCandidate","arguments":[{},]}""",
        """{"type":1,/*c*/"target":"IceCandidate","arguments":[{}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"sessionId":"\ud800"}]}""",
        """{"type":1,"target":"IceCandidate","arguments":[{"sessionId":"\x"}]}""",
        """[1]""",
        "",
    ];

    [Theory]
    [MemberData(nameof(LeftToTheDefault))]
    public void A_record_the_hand_written_reader_does_not_take_gets_exactly_the_default_protocols_outcome(string json)
    {
        var fast = Fast();

        Assert.Equal(Outcome(Reference, json), Outcome(fast, json));
        Assert.Equal(0, fast.ReadByHand);
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_get_the_default_protocols_outcome()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":1,"target":"IceCandidate","arguments":[{"sessionId":"ab"}]}""" + "\u001e");
        var at = Array.IndexOf(bytes, (byte)'b');
        bytes[at] = 0xff;
        var fast = Fast();

        Assert.Equal(Outcome(Reference, bytes), Outcome(fast, bytes));
        Assert.Equal(0, fast.ReadByHand);
    }

    [Fact]
    public void With_a_binder_that_binds_other_types_the_default_protocol_reads_the_call()
    {
        var fast = Fast();
        var json = $$"""{"type":1,"target":"IceCandidate","arguments":[{{Ice}}]}""";

        Assert.Equal(Outcome(Reference, json, new AnyObjectBinder()), Outcome(fast, json, new AnyObjectBinder()));
        Assert.Equal(0, fast.ReadByHand);
    }

    [Fact]
    public void A_record_not_yet_complete_is_not_read_and_the_input_is_left_as_it_was()
    {
        var fast = Fast();
        var bytes = Encoding.UTF8.GetBytes($$"""{"type":1,"target":"IceCandidate","arguments":[{{Ice}}]}""");
        var input = new ReadOnlySequence<byte>(bytes);
        var before = input;

        Assert.False(fast.TryParseMessage(ref input, new RelayBinder(), out var message));

        Assert.Null(message);
        Assert.Equal(before.Length, input.Length);
        Assert.Equal(before.Start, input.Start);
        Assert.Equal(0, fast.ReadByHand);
    }

    [Fact]
    public void Several_records_in_one_buffer_are_read_one_at_a_time_whichever_path_reads_each()
    {
        var records = new[]
        {
            $$"""{"type":1,"target":"IceCandidate","arguments":[{{Ice}}]}""",
            """{"type":6}""",
            """{"type":1,"invocationId":"2","target":"SdpOffer","arguments":[{"sessionId":"s","to":"t","sdp":"v=0"}]}""",
            """{"type":1,"target":"IceCandidate","arguments":[{"sessionId":"s","extra":1}]}""",
        };
        var bytes = Encoding.UTF8.GetBytes(string.Concat(records.Select(r => r + "\u001e")) + """{"type":1,"tar""");

        var expected = ReadAll(Reference, new ReadOnlySequence<byte>(bytes));
        var fast = Fast();
        var actual = ReadAll(fast, new ReadOnlySequence<byte>(bytes));
        var split = Fast();
        var inPieces = ReadAll(split, Segments(bytes, 7));

        Assert.Equal(5, expected.Count);
        Assert.Equal(expected, actual);
        Assert.Equal(expected, inPieces);
        Assert.Equal((2L, 2L), (fast.ReadByHand, split.ReadByHand));
    }

    // ---- helpers ----

    private static List<string> ReadAll(IHubProtocol protocol, ReadOnlySequence<byte> input)
    {
        var seen = new List<string>();
        while (protocol.TryParseMessage(ref input, new RelayBinder(), out var message)) seen.Add(Describe(message));
        seen.Add($"left {input.Length} bytes: {Encoding.UTF8.GetString(input.ToArray())}");
        return seen;
    }

    private static InvocationMessage Parse(IHubProtocol protocol, string json)
    {
        var input = Record(json);
        Assert.True(protocol.TryParseMessage(ref input, new RelayBinder(), out var message));
        return Assert.IsType<InvocationMessage>(message);
    }

    private static string Outcome(IHubProtocol protocol, string json, IInvocationBinder? binder = null) =>
        Outcome(protocol, Encoding.UTF8.GetBytes(json + "\u001e"), binder);

    /// <summary>Everything a caller of the protocol can observe: the result, the message, what input is left, or the error.</summary>
    private static string Outcome(IHubProtocol protocol, byte[] record, IInvocationBinder? binder = null)
    {
        var input = new ReadOnlySequence<byte>(record);
        try
        {
            var parsed = protocol.TryParseMessage(ref input, binder ?? new RelayBinder(), out var message);
            return $"{parsed}, {input.Length} bytes left, {(message is null ? "no message" : Describe(message))}";
        }
        catch (Exception e)
        {
            return $"throws {e.GetType().Name}: {e.Message} ({e.InnerException?.GetType().Name}: {e.InnerException?.Message})";
        }
    }

    private static string Describe(HubMessage message) => message switch
    {
        InvocationBindingFailureMessage failure =>
            $"binding failure of {failure.Target} ({failure.InvocationId}): {failure.BindingFailure.SourceException.GetType().Name}: " +
            $"{failure.BindingFailure.SourceException.Message} / {failure.BindingFailure.SourceException.InnerException?.Message}",
        InvocationMessage invocation =>
            $"{invocation.GetType().Name} {invocation.Target} ({invocation.InvocationId ?? "no id"}) " +
            $"arguments {string.Join(" | ", invocation.Arguments.Select(a => a is null ? "null" : $"{a.GetType().Name} {JsonSerializer.Serialize(a, a.GetType())}"))} " +
            $"streams {(invocation.StreamIds is null ? "none" : string.Join(",", invocation.StreamIds))} " +
            $"headers {(invocation.Headers is null ? "none" : string.Join(",", invocation.Headers.Select(h => $"{h.Key}={h.Value}")) + $" ({invocation.Headers.GetType().Name})")}",
        _ => message.GetType().Name,
    };

    private static ReadOnlySequence<byte> Record(string json) => new(Encoding.UTF8.GetBytes(json + "\u001e"));

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        Segment? first = null, last = null;
        for (var at = 0; at < bytes.Length; at += size)
        {
            var piece = bytes.AsMemory(at, Math.Min(size, bytes.Length - at));
            if (last is null) first = last = new Segment(piece, 0);
            else last = last.Append(piece);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    private static string LongSdp()
    {
        var text = new StringBuilder("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n");
        for (var i = 0; text.Length < 64 * 1024; i++)
            text.Append("a=candidate:").Append(i).Append(" 1 udp 2122260223 192.168.1.").Append(i % 255)
                .Append(" 5").Append(i % 10000).Append(" typ host \"é\" <x>&\\ 😀\r\n");
        return text.ToString(0, 64 * 1024);
    }

    /// <summary>Binds as the signaling hub does: the relays' request records; other methods as the hub knows them.</summary>
    private sealed class RelayBinder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => methodName switch
        {
            HubMethods.IceCandidate => [typeof(IceCandidateRequest)],
            HubMethods.SdpOffer or HubMethods.SdpAnswer => [typeof(SdpRequest)],
            HubMethods.CapabilityUpdate => [typeof(CapabilityUpdateRequest)],
            _ => throw new HubException($"Method '{methodName}' does not exist."),
        };

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }

    private sealed class AnyObjectBinder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(object)];

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
