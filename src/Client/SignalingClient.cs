using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using SignalingAkka.Protocol;

namespace SignalingAkka.Client;

/// <summary>
/// A device's connection to the signaling hub: typed calls that return the result records and
/// throw <see cref="SignalingException"/> on a refusal, and the server's events as C# events.
/// </summary>
public sealed partial class SignalingClient : IAsyncDisposable
{
    private readonly SignalingClientOptions _options;
    private readonly DeviceSigner _signer;
    private readonly HubConnection _connection;
    private readonly SeqTracker _seqs = new();

    public SignalingClient(SignalingClientOptions options)
    {
        // The server answers a malformed fingerprint with a bare 401; say why here instead.
        if (!Fingerprints.IsValid(options.Fingerprint))
            throw new ArgumentException("Fingerprint must be 64 lowercase hex characters.", nameof(options));
        _options = options;
        _signer = new DeviceSigner(options.Key, options.Fingerprint, options.Clock);
        _connection = HubConnectionFactory.Create(options, _signer);
        SubscribeToServerEvents();
    }

    public HubConnectionState State => _connection.State;

    public string? ConnectionId => _connection.ConnectionId;

    public Task StartAsync(CancellationToken ct = default) => _connection.StartAsync(ct);

    public Task StopAsync(CancellationToken ct = default) => _connection.StopAsync(ct);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>The highest relayed seq seen in the session (0 when none), to rejoin without loss.</summary>
    public long LastSeq(string sessionId) => _seqs.LastSeq(sessionId);

    public Task<RegisterDeviceResult> RegisterDeviceAsync(
        string deviceName, Platform platform, DeviceType deviceType, string? userId = null, CancellationToken ct = default) =>
        CallAsync<RegisterDeviceResult>(HubMethods.RegisterDevice, new RegisterDeviceRequest(
            _options.Fingerprint, _options.Key.PublicKeyText, deviceName, WireNames.Of(platform), WireNames.Of(deviceType), userId), ct);

    public Task<EmptyResult> RegisterPushAsync(PushProvider provider, string token, CancellationToken ct = default) =>
        CallAsync<EmptyResult>(HubMethods.RegisterPush, new RegisterPushRequest(WireNames.Of(provider), token), ct);

    public Task<SessionInfo> CreateSessionAsync(
        string licenseToken, SessionType type, Topology? topology = null, Capabilities? capabilities = null, CancellationToken ct = default) =>
        CallAsync<SessionInfo>(HubMethods.CreateSession, new CreateSessionRequest(
            licenseToken, WireNames.Of(type), topology is { } t ? WireNames.Of(t) : null, capabilities), ct);

    public Task<SessionInfo> JoinSessionAsync(string inviteCode, Capabilities? capabilities = null, CancellationToken ct = default) =>
        CallAsync<SessionInfo>(HubMethods.JoinSession, new JoinSessionRequest(inviteCode, capabilities), ct);

    /// <summary>Held messages above <paramref name="lastSeq"/> arrive as ordinary events before the result.</summary>
    public Task<SessionInfo> RejoinSessionAsync(string sessionId, long? lastSeq = null, CancellationToken ct = default) =>
        CallAsync<SessionInfo>(HubMethods.RejoinSession, _signer.CreateRejoinRequest(sessionId, lastSeq), ct);

    public Task<EmptyResult> LeaveSessionAsync(string sessionId, CancellationToken ct = default) =>
        CallAsync<EmptyResult>(HubMethods.LeaveSession, new LeaveSessionRequest(sessionId), ct);

    public Task<RelayResult> SendSdpOfferAsync(string sessionId, string to, string sdp, CancellationToken ct = default) =>
        CallAsync<RelayResult>(HubMethods.SdpOffer, new SdpRequest(sessionId, to, sdp), ct);

    public Task<RelayResult> SendSdpAnswerAsync(string sessionId, string to, string sdp, CancellationToken ct = default) =>
        CallAsync<RelayResult>(HubMethods.SdpAnswer, new SdpRequest(sessionId, to, sdp), ct);

    /// <summary>An empty <paramref name="candidate"/> tells the peer there are no more candidates.</summary>
    public Task<RelayResult> SendIceCandidateAsync(
        string sessionId, string to, string candidate, string? sdpMid = null, int? sdpMLineIndex = null, CancellationToken ct = default) =>
        CallAsync<RelayResult>(HubMethods.IceCandidate, new IceCandidateRequest(sessionId, to, candidate, sdpMid, sdpMLineIndex), ct);

    /// <summary>
    /// Sends a candidate without waiting for the server's answer, as trickle ICE usually does: the
    /// task completes once the message is written, and a refusal is never reported.
    /// </summary>
    public Task PostIceCandidateAsync(
        string sessionId, string to, string candidate, string? sdpMid = null, int? sdpMLineIndex = null, CancellationToken ct = default) =>
        _connection.SendAsync(HubMethods.IceCandidate, new IceCandidateRequest(sessionId, to, candidate, sdpMid, sdpMLineIndex), ct);

    public Task<CapabilityUpdateResult> UpdateCapabilitiesAsync(Capabilities capabilities, CancellationToken ct = default) =>
        CallAsync<CapabilityUpdateResult>(HubMethods.CapabilityUpdate, new CapabilityUpdateRequest(capabilities), ct);

    public Task<RequestTurnResult> RequestTurnAsync(string sessionId, CancellationToken ct = default) =>
        CallAsync<RequestTurnResult>(HubMethods.RequestTurn, new RequestTurnRequest(sessionId), ct);

    public Task<PairRequestResult> RequestPairingAsync(string targetFingerprint, CancellationToken ct = default) =>
        CallAsync<PairRequestResult>(HubMethods.PairRequest, new PairRequestRequest(targetFingerprint), ct);

    public Task<PairAcceptResult> AcceptPairingAsync(string requestId, CancellationToken ct = default) =>
        CallAsync<PairAcceptResult>(HubMethods.PairAccept, new PairAnswerRequest(requestId), ct);

    public Task<EmptyResult> RejectPairingAsync(string requestId, CancellationToken ct = default) =>
        CallAsync<EmptyResult>(HubMethods.PairReject, new PairAnswerRequest(requestId), ct);

    public Task<ListPairingsResult> ListPairingsAsync(CancellationToken ct = default) =>
        CallAsync<ListPairingsResult>(HubMethods.ListPairings, new EmptyRequest(), ct);

    public Task<EmptyResult> RevokePairingAsync(string pairingId, CancellationToken ct = default) =>
        CallAsync<EmptyResult>(HubMethods.RevokePairing, new RevokePairingRequest(pairingId), ct);

    /// <summary>Any method with any single argument, e.g. a malformed request; errors map as in the typed calls.</summary>
    public Task<TResult> InvokeRawAsync<TResult>(string method, object? argument, CancellationToken ct = default) =>
        CallAsync<TResult>(method, argument, ct);

    private async Task<TResult> CallAsync<TResult>(string method, object? argument, CancellationToken ct)
    {
        try
        {
            return await _connection.InvokeAsync<TResult>(method, argument, ct).ConfigureAwait(false);
        }
        catch (HubException e)
        {
            throw HubErrors.ToSignalingException(e);
        }
    }
}
