using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MessagePack;

namespace SignalingAkka.Bench.Relay.Wire;

/// <summary>A request or event argument: an ordered map of wire names to string, number, bool, null or nested maps.</summary>
public sealed class WireMap : List<KeyValuePair<string, object?>>
{
    public static WireMap Of(params (string Key, object? Value)[] entries)
    {
        var map = new WireMap();
        foreach (var (key, value) in entries) map.Add(new(key, value));
        return map;
    }
}

/// <summary>What a received hub message is, as far as the benchmark needs to know.</summary>
public enum HubMessageKind
{
    /// <summary>An invocation of the relay event the workload waits for (IceCandidate, Relay): the hot path.</summary>
    RelayEvent,
    /// <summary>Any other server invocation (PeerJoined, HubChanged, …): ignored.</summary>
    OtherEvent,
    Completion,
    Ping,
    Close,
    Other,
}

/// <summary>A completion (with its result or error) or a close, parsed in full: only on the setup path.</summary>
public sealed record HubReply(string? InvocationId, string? Error, object? Result);

/// <summary>
/// SignalR's hub protocol framing, written by hand so that the hot path costs the generator little:
/// JSON records end with 0x1E; MessagePack records carry a VarInt length prefix. Frames the
/// workload sends again and again are built once.
/// </summary>
public abstract class HubWire
{
    public static HubWire For(string protocol) => protocol switch
    {
        "json" => new JsonHubWire(),
        "messagepack" or "msgpack" => new MessagePackHubWire(),
        _ => throw new ArgumentException($"unknown hub protocol '{protocol}' (json or messagepack)"),
    };

    public abstract string Name { get; }

    public abstract WebSocketMessageType FrameType { get; }

    public byte[] Handshake => Encoding.UTF8.GetBytes($"{{\"protocol\":\"{Name}\",\"version\":1}}\u001e");

    public abstract byte[] Ping { get; }

    /// <summary>An invocation frame; without <paramref name="invocationId"/> it is SignalR's SendAsync (no completion).</summary>
    public abstract byte[] Invocation(string target, string? invocationId, params object?[] arguments);

    /// <summary>The length of the first complete record in <paramref name="buffer"/>, with its prefix or delimiter; 0 when incomplete.</summary>
    public abstract int CompleteRecord(ReadOnlySpan<byte> buffer, out int bodyOffset, out int bodyLength);

    /// <summary>Classifies a record body cheaply; parses completions and closes in full.</summary>
    public abstract HubMessageKind Classify(ReadOnlyMemory<byte> body, ReadOnlySpan<byte> relayTarget, out HubReply? reply);

    /// <summary>Full parse of a relay event's arguments, for the occasional check that the payload came through intact.</summary>
    public abstract object?[] EventArguments(ReadOnlyMemory<byte> body);
}

public sealed class JsonHubWire : HubWire
{
    private const byte RecordSeparator = 0x1E;

    public override string Name => "json";

    public override WebSocketMessageType FrameType => WebSocketMessageType.Text;

    public override byte[] Ping { get; } = "{\"type\":6}\u001e"u8.ToArray();

    public override byte[] Invocation(string target, string? invocationId, params object?[] arguments)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("type", 1);
            if (invocationId is not null) json.WriteString("invocationId", invocationId);
            json.WriteString("target", target);
            json.WriteStartArray("arguments");
            foreach (var argument in arguments) Write(json, argument);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.Write([RecordSeparator]);
        return buffer.WrittenSpan.ToArray();
    }

    public override int CompleteRecord(ReadOnlySpan<byte> buffer, out int bodyOffset, out int bodyLength)
    {
        bodyOffset = 0;
        bodyLength = buffer.IndexOf(RecordSeparator);
        return bodyLength < 0 ? 0 : bodyLength + 1;
    }

    public override HubMessageKind Classify(ReadOnlyMemory<byte> body, ReadOnlySpan<byte> relayTarget, out HubReply? reply)
    {
        reply = null;
        var reader = new Utf8JsonReader(body.Span);
        reader.Read(); // StartObject
        var type = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetInt32();
                if (type != 1) break;
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                return reader.ValueTextEquals(relayTarget) ? HubMessageKind.RelayEvent : HubMessageKind.OtherEvent;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        switch (type)
        {
            case 3:
            case 7:
                using (var document = JsonDocument.Parse(body))
                {
                    var root = document.RootElement;
                    reply = new HubReply(
                        root.TryGetProperty("invocationId", out var id) ? id.GetString() : null,
                        root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null,
                        root.TryGetProperty("result", out var result) ? result.Clone() : null);
                }

                return type == 3 ? HubMessageKind.Completion : HubMessageKind.Close;
            case 6:
                return HubMessageKind.Ping;
            case 1:
                return HubMessageKind.OtherEvent;
            default:
                return HubMessageKind.Other;
        }
    }

    public override object?[] EventArguments(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("arguments").EnumerateArray().Select(a => (object?)a.Clone()).ToArray();
    }

    private static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case WireMap map:
                json.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    json.WritePropertyName(key);
                    Write(json, item);
                }

                json.WriteEndObject();
                break;
            default: throw new ArgumentException($"cannot write {value.GetType()} to the wire");
        }
    }
}

public sealed class MessagePackHubWire : HubWire
{
    public override string Name => "messagepack";

    public override WebSocketMessageType FrameType => WebSocketMessageType.Binary;

    // [6] with its length prefix.
    public override byte[] Ping { get; } = [0x02, 0x91, 0x06];

    public override byte[] Invocation(string target, string? invocationId, params object?[] arguments)
    {
        var body = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(body);
        writer.WriteArrayHeader(5);
        writer.Write(1);
        writer.WriteMapHeader(0);
        if (invocationId is null) writer.WriteNil();
        else writer.Write(invocationId);
        writer.Write(target);
        writer.WriteArrayHeader(arguments.Length);
        foreach (var argument in arguments) Write(ref writer, argument);
        writer.Flush();
        return Prefixed(body.WrittenSpan);
    }

    public override int CompleteRecord(ReadOnlySpan<byte> buffer, out int bodyOffset, out int bodyLength)
    {
        bodyOffset = 0;
        bodyLength = 0;
        var length = 0;
        for (var i = 0; i < 5; i++)
        {
            if (i >= buffer.Length) return 0;
            var b = buffer[i];
            length |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) != 0) continue;
            bodyOffset = i + 1;
            bodyLength = length;
            return buffer.Length - bodyOffset >= length ? bodyOffset + length : 0;
        }

        throw new InvalidDataException("MessagePack record length prefix longer than 5 bytes");
    }

    public override HubMessageKind Classify(ReadOnlyMemory<byte> body, ReadOnlySpan<byte> relayTarget, out HubReply? reply)
    {
        reply = null;
        var reader = new MessagePackReader(body);
        var count = reader.ReadArrayHeader();
        var type = reader.ReadInt32();
        switch (type)
        {
            case 1:
            {
                reader.Skip(); // headers
                reader.Skip(); // invocation id
                var target = reader.ReadStringSequence();
                if (target is { } t && t.IsSingleSegment && t.FirstSpan.SequenceEqual(relayTarget)) return HubMessageKind.RelayEvent;
                return HubMessageKind.OtherEvent;
            }
            case 3:
            {
                reader.Skip(); // headers
                var id = reader.ReadString();
                var kind = reader.ReadInt32();
                string? error = null;
                object? result = null;
                if (kind == 1) error = reader.ReadString();
                else if (kind == 3) result = MessagePackSerializer.Deserialize<object>(ref reader, MessagePackSerializerOptions.Standard);
                reply = new HubReply(id, error, result);
                return HubMessageKind.Completion;
            }
            case 6:
                return HubMessageKind.Ping;
            case 7:
                reply = new HubReply(null, count > 1 ? reader.ReadString() : null, null);
                return HubMessageKind.Close;
            default:
                return HubMessageKind.Other;
        }
    }

    public override object?[] EventArguments(ReadOnlyMemory<byte> body)
    {
        var reader = new MessagePackReader(body);
        reader.ReadArrayHeader();
        reader.ReadInt32();
        reader.Skip();
        reader.Skip();
        reader.Skip();
        var count = reader.ReadArrayHeader();
        var arguments = new object?[count];
        for (var i = 0; i < count; i++)
            arguments[i] = MessagePackSerializer.Deserialize<object>(ref reader, MessagePackSerializerOptions.Standard);
        return arguments;
    }

    private static byte[] Prefixed(ReadOnlySpan<byte> body)
    {
        Span<byte> prefix = stackalloc byte[5];
        var length = (uint)body.Length;
        var n = 0;
        do
        {
            var b = (byte)(length & 0x7F);
            length >>= 7;
            if (length > 0) b |= 0x80;
            prefix[n++] = b;
        }
        while (length > 0);

        var frame = new byte[n + body.Length];
        prefix[..n].CopyTo(frame);
        body.CopyTo(frame.AsSpan(n));
        return frame;
    }

    private static void Write(ref MessagePackWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNil(); break;
            case string s: writer.Write(s); break;
            case bool b: writer.Write(b); break;
            case int i: writer.Write(i); break;
            case long l: writer.Write(l); break;
            case WireMap map:
                writer.WriteMapHeader(map.Count);
                foreach (var (key, item) in map)
                {
                    writer.Write(key);
                    Write(ref writer, item);
                }

                break;
            default: throw new ArgumentException($"cannot write {value.GetType()} to the wire");
        }
    }
}

/// <summary>Reads fields of a result or event argument, whichever protocol produced it.</summary>
public static class WireValues
{
    public static string? Str(object? value, string key) => Field(value, key) switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(),
        string s => s,
        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
    };

    public static long? Long(object? value, string key) => Field(value, key) switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetInt64(),
        JsonElement => null,
        var other => Convert.ToInt64(other, System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string? Str(object? value) => value switch
    {
        null => null,
        JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(),
        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static object? Field(object? value, string key) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Object } e => e.TryGetProperty(key, out var p) ? p : null,
        IDictionary<object, object> d => d.TryGetValue(key, out var v) ? v : null,
        _ => null,
    };
}
