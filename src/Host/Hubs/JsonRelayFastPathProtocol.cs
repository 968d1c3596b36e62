using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace SignalingAkka.Host.Hubs;

/// <summary>
/// Wraps the JSON hub protocol so that relay calls are read (<see cref="JsonRelayReader"/>) and relay events
/// written (<see cref="JsonRelayEventWriter"/>) by hand; everything else, and every relay record in a shape the
/// hand-written code does not take, goes to the inner protocol, which sees the same bytes.
/// </summary>
/// <remarks>
/// The inner protocol is <see cref="RelayWithoutResultProtocol"/> around <see cref="JsonHubProtocol"/>, so a
/// relay read either way reaches the same hub method. The hand-written code reproduces the default payload
/// options only: with any other options nothing is taken over.
/// </remarks>
public sealed class JsonRelayFastPathProtocol : IHubProtocol
{
    private const byte RecordSeparator = 0x1e;

    private readonly IHubProtocol _inner;
    private readonly JsonRelayEventWriter? _writer;
    private long _readByHand;
    private long _writtenByHand;

    public JsonRelayFastPathProtocol(IHubProtocol inner, JsonSerializerOptions payloadOptions)
    {
        _inner = inner;
        Enabled = inner.Name == "json" && IsDefault(payloadOptions);
        if (Enabled) _writer = new JsonRelayEventWriter();
    }

    /// <summary>Whether relays are read and written by hand (the options are the ones the code reproduces).</summary>
    public bool Enabled { get; }

    /// <summary>Relay calls read by hand so far; the rest went to the inner protocol.</summary>
    public long ReadByHand => Interlocked.Read(ref _readByHand);

    /// <summary>Relay events written by hand so far.</summary>
    public long WrittenByHand => Interlocked.Read(ref _writtenByHand);

    public string Name => _inner.Name;

    public int Version => _inner.Version;

    public TransferFormat TransferFormat => _inner.TransferFormat;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder,
        [NotNullWhen(true)] out HubMessage? message)
    {
        if (Enabled && NextRecord(input) is { } end)
        {
            if (JsonRelayReader.TryRead(input.Slice(0, end), binder) is { } invocation)
            {
                input = input.Slice(input.GetPosition(1, end));
                Interlocked.Increment(ref _readByHand);
                message = invocation;
                return true;
            }
        }

        return _inner.TryParseMessage(ref input, binder, out message);
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
    {
        if (_writer is not null && _writer.TryWrite(message, output))
        {
            Interlocked.Increment(ref _writtenByHand);
            return;
        }

        _inner.WriteMessage(message, output);
    }

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => HubProtocolExtensions.GetMessageBytes(this, message);

    public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);

    /// <summary>Where the first complete record ends (its 0x1E separator), or null while it is still incomplete.</summary>
    private static SequencePosition? NextRecord(in ReadOnlySequence<byte> input)
    {
        if (input.IsSingleSegment)
        {
            var index = input.FirstSpan.IndexOf(RecordSeparator);
            return index < 0 ? null : input.GetPosition(index);
        }

        return input.PositionOf(RecordSeparator);
    }

    /// <summary>
    /// Whether the payload options are those of <see cref="JsonHubProtocolOptions"/> in every respect that
    /// shapes the relay records on the wire: camelCase names, nulls written, numbers as numbers, no reference
    /// metadata, no converters or contract changes (the generated contracts of <see cref="WireJsonContext"/> write
    /// what reflection writes). Case-insensitive names, comments and the like need no
    /// check: the reader takes exact names and plain tokens only and leaves the rest to the serializer.
    /// </summary>
    internal static bool IsDefault(JsonSerializerOptions options) =>
        options.PropertyNamingPolicy == JsonNamingPolicy.CamelCase
        && options.DefaultIgnoreCondition == JsonIgnoreCondition.Never
#pragma warning disable SYSLIB0020 // the obsolete switch still drops nulls when set
        && !options.IgnoreNullValues
#pragma warning restore SYSLIB0020
        && options.NumberHandling == JsonNumberHandling.Strict
        && options.ReferenceHandler is null
        && options.Converters.Count == 0
        && !options.WriteIndented
        && !options.RespectNullableAnnotations
        && options.TypeInfoResolverChain.All(resolver =>
            resolver == WireJsonContext.Default
            || (resolver.GetType() == typeof(DefaultJsonTypeInfoResolver)
                && ((DefaultJsonTypeInfoResolver)resolver).Modifiers.Count == 0));
}
