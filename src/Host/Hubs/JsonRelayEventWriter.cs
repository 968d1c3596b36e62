using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Protocol;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Hubs;

/// <summary>
/// Writes the relay events (<see cref="IceCandidateEvent"/>, <see cref="SdpEvent"/>) as JSON hub records by hand,
/// byte for byte what <see cref="JsonHubProtocol"/> writes with its default options, without the serializer's
/// reflection-based converter.
/// </summary>
internal sealed class JsonRelayEventWriter
{
    private const byte RecordSeparator = 0x1e;

    // JsonHubProtocol writes through a Utf8JsonWriter with these options; string values are escaped by the
    // writer's encoder, not the serializer's, so this is what makes the escaping the same.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText Target = JsonEncodedText.Encode("target");
    private static readonly JsonEncodedText Arguments = JsonEncodedText.Encode("arguments");
    private static readonly JsonEncodedText SessionId = JsonEncodedText.Encode("sessionId");
    private static readonly JsonEncodedText From = JsonEncodedText.Encode("from");
    private static readonly JsonEncodedText Seq = JsonEncodedText.Encode("seq");
    private static readonly JsonEncodedText Candidate = JsonEncodedText.Encode("candidate");
    private static readonly JsonEncodedText SdpMid = JsonEncodedText.Encode("sdpMid");
    private static readonly JsonEncodedText SdpMLineIndex = JsonEncodedText.Encode("sdpMLineIndex");
    private static readonly JsonEncodedText Sdp = JsonEncodedText.Encode("sdp");

    // A writer per thread, pointed at each output in turn: writes are synchronous, so a thread never needs two.
    private readonly ThreadLocal<Utf8JsonWriter?> _writers = new();

    /// <summary>Writes the record when it is a relay event this class knows; false leaves the output untouched.</summary>
    public bool TryWrite(HubMessage message, IBufferWriter<byte> output)
    {
        // The default protocol would also write headers, an invocation id or stream ids: rare for a pushed
        // event, and left to it.
        if (message is not InvocationMessage { Arguments: [var payload], StreamIds: null } invocation
            || !string.IsNullOrEmpty(invocation.InvocationId)
            || invocation.Headers is { Count: > 0 })
            return false;
        if (payload is not (IceCandidateEvent or SdpEvent)) return false;

        var writer = _writers.Value;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(output, WriterOptions);
            _writers.Value = writer;
        }
        else
        {
            writer.Reset(output);
        }

        try
        {
            writer.WriteStartObject();
            writer.WriteNumber(Type, HubProtocolConstants.InvocationMessageType);
            writer.WriteString(Target, invocation.Target);
            writer.WriteStartArray(Arguments);
            if (payload is IceCandidateEvent ice) Write(writer, ice);
            else Write(writer, (SdpEvent)payload);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            // Keeps no half-written state for the next record on this thread.
            writer.Reset();
        }

        var span = output.GetSpan(1);
        span[0] = RecordSeparator;
        output.Advance(1);
        return true;
    }

    // Property order and names are those the serializer gives these records: declaration order, camelCase.
    private static void Write(Utf8JsonWriter writer, IceCandidateEvent e)
    {
        writer.WriteStartObject();
        WriteString(writer, SessionId, e.SessionId);
        WriteString(writer, From, e.From);
        writer.WriteNumber(Seq, e.Seq);
        WriteString(writer, Candidate, e.Candidate);
        WriteString(writer, SdpMid, e.SdpMid);
        if (e.SdpMLineIndex is { } index) writer.WriteNumber(SdpMLineIndex, index);
        else writer.WriteNull(SdpMLineIndex);
        writer.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter writer, SdpEvent e)
    {
        writer.WriteStartObject();
        WriteString(writer, SessionId, e.SessionId);
        WriteString(writer, From, e.From);
        writer.WriteNumber(Seq, e.Seq);
        WriteString(writer, Sdp, e.Sdp);
        writer.WriteEndObject();
    }

    // The records' strings are not nullable, but a null that slipped in is written as the serializer writes it.
    private static void WriteString(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }
}
