using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Hubs;

/// <summary>
/// Reads a JSON hub record that calls <c>IceCandidate</c>, <c>SdpOffer</c> or <c>SdpAnswer</c> straight into its
/// request record, without System.Text.Json's serializer (whose constructor-binding path costs several
/// microseconds per relay). It takes only the plain shape clients send; anything else is left to
/// <see cref="JsonHubProtocol"/>, so every odd input keeps that protocol's behaviour and errors.
/// </summary>
internal static class JsonRelayReader
{
    // SignalR sends a call without an invocation id to the hidden method that returns nothing: see
    // RelayWithoutResultProtocol. The record is routed the same way here, in one step.

    /// <summary>The invocation this record holds, or null when <see cref="JsonHubProtocol"/> has to read it.</summary>
    public static InvocationMessage? TryRead(in ReadOnlySequence<byte> record, IInvocationBinder binder)
    {
        try
        {
            var reader = record.IsSingleSegment
                ? new Utf8JsonReader(record.FirstSpan, isFinalBlock: true, state: default)
                : new Utf8JsonReader(record, isFinalBlock: true, state: default);
            return Read(ref reader, binder);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // Strings that cannot be turned into UTF-16 (bad UTF-8, lone surrogate escapes).
            return null;
        }
    }

    private static InvocationMessage? Read(ref Utf8JsonReader reader, IInvocationBinder binder)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;

        var hasType = false;
        string? invocationId = null;
        Relay? relay = null;
        var fields = new Fields();
        var hasArguments = false;
        Dictionary<string, string>? headers = null;

        while (true)
        {
            if (!reader.Read()) return null;
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.TokenType != JsonTokenType.PropertyName) return null;

            if (reader.ValueTextEquals("type"u8))
            {
                if (hasType || !reader.Read() || reader.TokenType != JsonTokenType.Number
                    || !reader.TryGetInt32(out var type) || type != HubProtocolConstants.InvocationMessageType)
                    return null;
                hasType = true;
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                if (relay is not null || !reader.Read() || reader.TokenType != JsonTokenType.String) return null;
                relay = RelayOf(ref reader);
                if (relay is null) return null;
            }
            else if (reader.ValueTextEquals("invocationId"u8))
            {
                // An empty id is something the default protocol and the hub treat in their own ways: theirs to read.
                if (invocationId is not null || !reader.Read() || reader.TokenType != JsonTokenType.String) return null;
                invocationId = reader.GetString();
                if (string.IsNullOrEmpty(invocationId)) return null;
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                if (hasArguments || !reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
                if (!ReadFields(ref reader, ref fields)) return null;
                if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray) return null;
                hasArguments = true;
            }
            else if (reader.ValueTextEquals("headers"u8))
            {
                if (headers is not null || !reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
                headers = ReadHeaders(ref reader);
                if (headers is null) return null;
            }
            else
            {
                // streamIds, sequenceId, result, error, anything unknown: not a plain relay call.
                return null;
            }
        }

        if (!hasType || relay is not { } target || !hasArguments) return null;
        if (!BindsAs(binder, target.Method, target.RequestType)) return null;
        if (target.RequestType == typeof(IceCandidateRequest) ? fields.HasSdp : fields.HasCandidateFields) return null;

        object request = target.RequestType == typeof(IceCandidateRequest)
            ? new IceCandidateRequest(fields.SessionId, fields.To, fields.Candidate, fields.SdpMid, fields.SdpMLineIndex)
            : new SdpRequest(fields.SessionId, fields.To, fields.Sdp);
        return new InvocationMessage(invocationId, invocationId is null ? target.WithoutResult : target.Method, [request])
        {
            Headers = headers,
        };
    }

    private static Relay? RelayOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("IceCandidate"u8)) return Relay.IceCandidate;
        if (reader.ValueTextEquals("SdpOffer"u8)) return Relay.SdpOffer;
        if (reader.ValueTextEquals("SdpAnswer"u8)) return Relay.SdpAnswer;
        return null;
    }

    /// <summary>
    /// The hub's binder names the parameter types; the record is built by hand only where it would have bound
    /// that very record, so another hub or a test binder gets what the default protocol gives it.
    /// </summary>
    private static bool BindsAs(IInvocationBinder binder, string method, Type requestType)
    {
        IReadOnlyList<Type> types;
        try
        {
            types = binder.GetParameterTypes(method);
        }
        catch (Exception)
        {
            // The default protocol reports this as a binding failure of the call; let it.
            return false;
        }

        return types.Count == 1 && types[0] == requestType;
    }

    /// <summary>Reads the request object up to its end; false on anything the serializer would treat otherwise.</summary>
    private static bool ReadFields(ref Utf8JsonReader reader, ref Fields fields)
    {
        while (true)
        {
            if (!reader.Read()) return false;
            if (reader.TokenType == JsonTokenType.EndObject) return true;
            if (reader.TokenType != JsonTokenType.PropertyName) return false;

            // Exact camelCase names only: other spellings (the serializer matches case-insensitively) and
            // repeated names go to the serializer, which has its own rules for them.
            if (reader.ValueTextEquals("sessionId"u8))
            {
                if (!ReadString(ref reader, ref fields.Seen, Field.SessionId, out fields.SessionId)) return false;
            }
            else if (reader.ValueTextEquals("to"u8))
            {
                if (!ReadString(ref reader, ref fields.Seen, Field.To, out fields.To)) return false;
            }
            else if (reader.ValueTextEquals("candidate"u8))
            {
                if (!ReadString(ref reader, ref fields.Seen, Field.Candidate, out fields.Candidate)) return false;
            }
            else if (reader.ValueTextEquals("sdpMid"u8))
            {
                if (!ReadString(ref reader, ref fields.Seen, Field.SdpMid, out fields.SdpMid)) return false;
            }
            else if (reader.ValueTextEquals("sdpMLineIndex"u8))
            {
                if (!ReadInt32(ref reader, ref fields.Seen, Field.SdpMLineIndex, out fields.SdpMLineIndex)) return false;
            }
            else if (reader.ValueTextEquals("sdp"u8))
            {
                if (!ReadString(ref reader, ref fields.Seen, Field.Sdp, out fields.Sdp)) return false;
            }
            else
            {
                return false;
            }
        }
    }

    private static bool ReadString(ref Utf8JsonReader reader, ref Field seen, Field field, out string? value)
    {
        value = null;
        if ((seen & field) != 0 || !reader.Read()) return false;
        seen |= field;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String:
                value = reader.GetString();
                return true;
            default:
                return false;
        }
    }

    private static bool ReadInt32(ref Utf8JsonReader reader, ref Field seen, Field field, out int? value)
    {
        value = null;
        if ((seen & field) != 0 || !reader.Read()) return false;
        seen |= field;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.Number when reader.TryGetInt32(out var number):
                value = number;
                return true;
            default:
                return false;
        }
    }

    private static Dictionary<string, string>? ReadHeaders(ref Utf8JsonReader reader)
    {
        // Same dictionary as the default protocol builds: ordinal keys, a repeated key keeps its last value.
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            if (!reader.Read()) return null;
            if (reader.TokenType == JsonTokenType.EndObject) return headers;
            if (reader.TokenType != JsonTokenType.PropertyName) return null;
            var name = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String) return null;
            headers[name] = reader.GetString()!;
        }
    }

    [Flags]
    private enum Field
    {
        None = 0,
        SessionId = 1,
        To = 2,
        Candidate = 4,
        SdpMid = 8,
        SdpMLineIndex = 16,
        Sdp = 32,
    }

    /// <summary>The request object's fields as read, before the target says which record they make.</summary>
    private struct Fields
    {
        public Field Seen;
        public string? SessionId;
        public string? To;
        public string? Candidate;
        public string? SdpMid;
        public int? SdpMLineIndex;
        public string? Sdp;

        public readonly bool HasSdp => (Seen & Field.Sdp) != 0;

        public readonly bool HasCandidateFields => (Seen & (Field.Candidate | Field.SdpMid | Field.SdpMLineIndex)) != 0;
    }

    private sealed record Relay(string Method, string WithoutResult, Type RequestType)
    {
        public static readonly Relay IceCandidate =
            new(HubMethods.IceCandidate, RelayWithoutResultProtocol.IceCandidateTarget, typeof(IceCandidateRequest));

        public static readonly Relay SdpOffer =
            new(HubMethods.SdpOffer, RelayWithoutResultProtocol.SdpOfferTarget, typeof(SdpRequest));

        public static readonly Relay SdpAnswer =
            new(HubMethods.SdpAnswer, RelayWithoutResultProtocol.SdpAnswerTarget, typeof(SdpRequest));
    }
}
