using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SignalingAkka.Protocol;

namespace SignalingAkka.Client;

/// <summary>
/// A device's connection to the signaling hub: typed calls that return the result records and
/// throw <see cref="SignalingException"/> on a refusal, and the server's events as C# events.
/// </summary>
/// <remarks>
/// After a network drop SignalR reconnects by itself (<see cref="SignalingClientOptions.ReconnectPolicy"/>)
/// and the client rejoins every session it is in (<see cref="SignalingClientOptions.AutoRejoin"/>), so the
/// application sees the drop as a delay: relayed messages missed meanwhile arrive as ordinary events,
/// none twice. A call made while the connection is down is not queued or dropped silently: it throws
/// SignalR's <see cref="InvalidOperationException"/> (or fails with the connection), and the caller decides.
/// </remarks>
public sealed partial class SignalingClient : IAsyncDisposable, IRejoinTarget
{
    private readonly SignalingClientOptions _options;
    private readonly DeviceSigner _signer;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly HubConnection _connection;
    private readonly SessionResumer _resumer;

    public SignalingClient(SignalingClientOptions options)
    {
        // The server answers a malformed fingerprint with a bare 401; say why here instead.
        if (!Fingerprints.IsValid(options.Fingerprint))
            throw new ArgumentException("Fingerprint must be 64 lowercase hex characters.", nameof(options));
        _options = options;
        _signer = new DeviceSigner(options.Key, options.Fingerprint, options.Clock);
        _loggerFactory = options.Logging is { } logging ? LoggerFactory.Create(logging) : null;
        _connection = HubConnectionFactory.Create(options, _signer, _loggerFactory);
        var logger = _loggerFactory?.CreateLogger(typeof(SignalingClient).FullName!) ?? NullLogger.Instance;
        _resumer = new SessionResumer(this, options.Fingerprint, BackoffDelay, logger);
        SubscribeToServerEvents();
        SubscribeToConnectionEvents();
    }

    public HubConnectionState State => _connection.State;

    public string? ConnectionId => _connection.ConnectionId;

    public Task StartAsync(CancellationToken ct = default) => _connection.StartAsync(ct);

    public Task StopAsync(CancellationToken ct = default) => _connection.StopAsync(ct);

    public async ValueTask DisposeAsync()
    {
        _resumer.CancelRejoins();
        await _connection.DisposeAsync().ConfigureAwait(false);
        _loggerFactory?.Dispose();
    }

    /// <summary>The highest relayed seq seen in the session (0 when none), to rejoin without loss.</summary>
    public long LastSeq(string sessionId) => _resumer.LastSeq(sessionId);

    /// <summary>
    /// The sessions the client is in, in the order it got into them: added by a successful create, join
    /// or rejoin, removed by leaving, <c>SessionEnded</c>, its own <c>PeerLeft</c>, or <see cref="SessionLost"/>.
    /// </summary>
    public IReadOnlyList<string> Sessions => _resumer.Sessions;

    public Task<RegisterDeviceResult> RegisterDeviceAsync(
        string deviceName, Platform platform, DeviceType deviceType, string? userId = null, CancellationToken ct = default) =>
        CallAsync<RegisterDeviceResult>(HubMethods.RegisterDevice, new RegisterDeviceRequest(
            _options.Fingerprint, _options.Key.PublicKeyText, deviceName, WireNames.Of(platform), WireNames.Of(deviceType), userId), ct);

    public Task<EmptyResult> RegisterPushAsync(PushProvider provider, string token, CancellationToken ct = default) =>
        CallAsync<EmptyResult>(HubMethods.RegisterPush, new RegisterPushRequest(WireNames.Of(provider), token), ct);

    public Task<SessionInfo> CreateSessionAsync(
        string licenseToken, SessionType type, Topology? topology = null, Capabilities? capabilities = null, CancellationToken ct = default) =>
        CallSessionAsync(HubMethods.CreateSession, new CreateSessionRequest(
            licenseToken, WireNames.Of(type), topology is { } t ? WireNames.Of(t) : null, capabilities), ct);

    public Task<SessionInfo> JoinSessionAsync(string inviteCode, Capabilities? capabilities = null, CancellationToken ct = default) =>
        CallSessionAsync(HubMethods.JoinSession, new JoinSessionRequest(inviteCode, capabilities), ct);

    /// <summary>
    /// Held messages above <paramref name="lastSeq"/> are sent as ordinary events before the result (their
    /// handlers may still run after this returns, SignalR queues events apart from results); any the
    /// application has already seen (seq at or below <see cref="LastSeq"/>) are dropped, not raised again.
    /// With <see cref="SignalingClientOptions.AutoRejoin"/> the client does this itself after a reconnect.
    /// </summary>
    public Task<SessionInfo> RejoinSessionAsync(string sessionId, long? lastSeq = null, CancellationToken ct = default) =>
        CallSessionAsync(HubMethods.RejoinSession, _signer.CreateRejoinRequest(sessionId, lastSeq), ct);

    /// <summary>Stops tracking the session on success, and on a refusal saying the client is not in it anyway.</summary>
    public async Task<EmptyResult> LeaveSessionAsync(string sessionId, CancellationToken ct = default)
    {
        try
        {
            var result = await CallAsync<EmptyResult>(HubMethods.LeaveSession, new LeaveSessionRequest(sessionId), ct).ConfigureAwait(false);
            _resumer.Untrack(sessionId);
            return result;
        }
        catch (SignalingException e) when (SessionResumer.MeansGone(e.Code))
        {
            _resumer.Untrack(sessionId);
            throw;
        }
    }

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
    /// task completes once the message is written, and a refusal is never reported. While the
    /// connection is down (reconnecting or closed) it throws <see cref="InvalidOperationException"/>:
    /// nothing is queued, so the caller knows the candidate did not go out.
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

    /// <summary>A call that puts the client in a session, which is then rejoined after a reconnect.</summary>
    private async Task<SessionInfo> CallSessionAsync(string method, object argument, CancellationToken ct)
    {
        var session = await CallAsync<SessionInfo>(method, argument, ct).ConfigureAwait(false);
        _resumer.Track(session.SessionId);
        return session;
    }

    /// <summary>
    /// Not connected (reconnecting, closed) throws SignalR's <see cref="InvalidOperationException"/>, a
    /// connection lost under way fails the call: both reach the caller as they are, never swallowed.
    /// </summary>
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

    private Task BackoffDelay(TimeSpan delay, CancellationToken ct) => Task.Delay(delay, _options.Clock, ct);

    // The rejoin pass's view of this client: the raw signed call, so the pass alone decides what is tracked.
    bool IRejoinTarget.IsConnected => _connection.State == HubConnectionState.Connected;

    Task<SessionInfo> IRejoinTarget.RejoinAsync(string sessionId, long? lastSeq, CancellationToken ct) =>
        CallAsync<SessionInfo>(HubMethods.RejoinSession, _signer.CreateRejoinRequest(sessionId, lastSeq), ct);

    Task IRejoinTarget.OnSessionRejoinedAsync(SessionInfo session) => RaiseAsync(SessionRejoined, session);

    Task IRejoinTarget.OnSessionLostAsync(SessionLostEvent lost) => RaiseAsync(SessionLost, lost);
}
