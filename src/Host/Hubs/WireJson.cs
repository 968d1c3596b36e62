using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Hubs;

/// <summary>
/// The JSON hub protocol's payloads through generated serializers. With the runtime's reflection-based contracts
/// every result and event with a nested object (a session's participants) took a fresh stack of serializer frames,
/// about a tenth of what a churn cycle allocated; the generated fast path writes straight through. The bytes on the
/// wire are the same: the generated contracts follow the hub protocol's own naming policy.
/// </summary>
public static class WireJson
{
    /// <summary>
    /// Makes the generated contracts the hub protocol's only ones, as the serializer's fast path requires (not in a
    /// chain with reflection); every type the hub reads or writes is registered, which a test holds to.
    /// </summary>
    public static void UseGeneratedContracts(JsonHubProtocolOptions options)
    {
        var payload = options.PayloadSerializerOptions;
        payload.TypeInfoResolver = WireJsonContext.Default;
        // The fast path also requires no encoder here. This one never escaped anything on the wire: the hub protocol
        // writes through writers of its own, and those escape with theirs (the property names are plain ASCII).
        payload.Encoder = null;
    }
}

// The options the generated fast paths are written for must match the hub protocol's payload options
// (camelCase names, nulls written), or the serializer falls back to the slower contract-based path.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Capabilities))]
[JsonSerializable(typeof(Participant))]
[JsonSerializable(typeof(SessionInfo))]
[JsonSerializable(typeof(IceServer))]
[JsonSerializable(typeof(EmptyResult))]
[JsonSerializable(typeof(EmptyRequest))]
[JsonSerializable(typeof(PeerJoinedEvent))]
[JsonSerializable(typeof(PeerLeftEvent))]
[JsonSerializable(typeof(PeerConnectionChangedEvent))]
[JsonSerializable(typeof(HubChangedEvent))]
[JsonSerializable(typeof(SdpEvent))]
[JsonSerializable(typeof(IceCandidateEvent))]
[JsonSerializable(typeof(SessionEndedEvent))]
[JsonSerializable(typeof(PairRequestedEvent))]
[JsonSerializable(typeof(PairEstablishedEvent))]
[JsonSerializable(typeof(PairRequestClosedEvent))]
[JsonSerializable(typeof(RegisterDeviceRequest))]
[JsonSerializable(typeof(RegisterDeviceResult))]
[JsonSerializable(typeof(RegisterPushRequest))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(JoinSessionRequest))]
[JsonSerializable(typeof(RejoinSessionRequest))]
[JsonSerializable(typeof(LeaveSessionRequest))]
[JsonSerializable(typeof(SdpRequest))]
[JsonSerializable(typeof(IceCandidateRequest))]
[JsonSerializable(typeof(RelayResult))]
[JsonSerializable(typeof(CapabilityUpdateRequest))]
[JsonSerializable(typeof(CapabilityUpdateResult))]
[JsonSerializable(typeof(RequestTurnRequest))]
[JsonSerializable(typeof(RequestTurnResult))]
[JsonSerializable(typeof(PairRequestRequest))]
[JsonSerializable(typeof(PairRequestResult))]
[JsonSerializable(typeof(PairAnswerRequest))]
[JsonSerializable(typeof(PairAcceptResult))]
[JsonSerializable(typeof(PairingInfo))]
[JsonSerializable(typeof(ListPairingsResult))]
[JsonSerializable(typeof(RevokePairingRequest))]
public sealed partial class WireJsonContext : JsonSerializerContext;
