using Microsoft.AspNetCore.SignalR;
using SignalingAkka.Actors.Devices;
using SignalingAkka.Actors.Hosting;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;
using static SignalingAkka.Host.Hubs.RequestValidation;

namespace SignalingAkka.Host.Hubs;

/// <summary>
/// The v1 wire contract at /signaling. Thin: validates each request, then asks the actors through
/// <see cref="SignalingGateway"/>; errors become <c>CODE: text</c> HubExceptions in <see cref="SignalingHubFilter"/>.
/// </summary>
/// <remarks>
/// The access token is checked once, on the endpoint (negotiate and connect; see <see cref="SignalingApp"/>). An
/// [Authorize] on the hub would make SignalR evaluate the policy again on every call, relays included.
/// </remarks>
public sealed class SignalingHub(SignalingGateway gateway, IReadModelSink readModel, TimeProvider clock)
    : Hub
{
    private ConnectionContext Connection => ConnectionContext.Of(Context);

    // The connection's actor is made when it first enters a session: an idle connection costs no actor.
    public override Task OnConnectedAsync()
    {
        var connection = ConnectionContext.Create(Context);
        if (connection.Registered) readModel.Record(new DeviceSeen(connection.Fingerprint, clock.GetUtcNow()));
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        // Also when no actor is known here: one may have been made for a call that was cancelled meanwhile.
        gateway.CloseConnection(Context.ConnectionId);
        return Task.CompletedTask;
    }

    public async Task<RegisterDeviceResult> RegisterDevice(RegisterDeviceRequest? request)
    {
        request = NotNull(request);
        var connection = Connection;
        var fingerprint = Fingerprint(request.Fingerprint, "fingerprint");
        if (fingerprint != connection.Fingerprint)
            throw Error(ErrorCodes.InvalidArgument, "fingerprint differs from the access token's");
        if (!Ed25519.IsValidPublicKey(request.PublicKey))
            throw Error(ErrorCodes.InvalidArgument, "publicKey must be a base64url Ed25519 public key");
        if (request.PublicKey != connection.PublicKey)
            throw Error(ErrorCodes.KeyMismatch, "publicKey differs from the key that signed the access token");
        var register = new DeviceCommands.Register(fingerprint, request.PublicKey!,
            Text(request.DeviceName, "deviceName", Limits.MaxDeviceNameChars).Trim(),
            Enum<Platform>(request.Platform, "platform"), Enum<DeviceType>(request.DeviceType, "deviceType"),
            UserId(request.UserId));

        var result = await gateway.RegisterDeviceAsync(register, Context.ConnectionAborted);
        connection.Registered = true;
        connection.DeviceName = register.DeviceName;
        return result;
    }

    public async Task<SessionInfo> CreateSession(CreateSessionRequest? request)
    {
        request = NotNull(request);
        if (string.IsNullOrEmpty(request.LicenseToken))
            throw Error(ErrorCodes.LicenseRequired, "a licence token is required to host a session");
        var licenseToken = Text(request.LicenseToken, "licenseToken", Limits.MaxLicenseTokenChars);
        var sessionType = Enum<SessionType>(request.SessionType, "sessionType");
        var topology = Topology(request.Topology);
        var host = await EntrantAsync(request.Capabilities);
        return Entered(await gateway.CreateSessionAsync(licenseToken, host, sessionType, topology, Context.ConnectionAborted));
    }

    public async Task<SessionInfo> JoinSession(JoinSessionRequest? request)
    {
        request = NotNull(request);
        var code = InviteCode(request.InviteCode);
        var guest = await EntrantAsync(request.Capabilities);
        return Entered(await gateway.JoinSessionAsync(code, guest, Context.ConnectionAborted));
    }

    public async Task<SessionInfo> RejoinSession(RejoinSessionRequest? request)
    {
        request = NotNull(request);
        var connection = Connection;
        var sessionId = SessionId(request.SessionId);
        var lastSeq = LastSeq(request.LastSeq);
        var fresh = Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - request.Timestamp) <= Limits.ClockSkewSeconds;
        Base64Url.TryDecode(connection.PublicKey, out var publicKey);
        if (!fresh || !RejoinSignature.Verify(publicKey, sessionId, connection.Fingerprint, request.Timestamp, request.Signature))
            throw Error(ErrorCodes.SignatureInvalid, "the rejoin signature is not valid for this session, device and time");
        return Entered(await gateway.RejoinSessionAsync(sessionId, await EntrantAsync(null), lastSeq, Context.ConnectionAborted));
    }

    public async Task<EmptyResult> LeaveSession(LeaveSessionRequest? request)
    {
        request = NotNull(request);
        var sessionId = SessionId(request.SessionId);
        var result = await gateway.LeaveSessionAsync(sessionId, Connection.Fingerprint, Context.ConnectionAborted);
        Connection.Sessions.Remove(sessionId);
        return result;
    }

    public CapabilityUpdateResult CapabilityUpdate(CapabilityUpdateRequest? request)
    {
        request = NotNull(request);
        var capabilities = request.Capabilities ?? throw Error(ErrorCodes.InvalidArgument, "capabilities is required");
        var score = Score(capabilities)!.Value;
        var connection = Connection;
        connection.Score = score;
        gateway.UpdateScore(connection.Fingerprint, score, connection.Sessions);
        readModel.Record(new DeviceCapabilitiesUpdated(connection.Fingerprint, capabilities, score, clock.GetUtcNow()));
        return new CapabilityUpdateResult(score);
    }

    public Task<RelayResult> SdpOffer(SdpRequest? request) =>
        gateway.RelayAsync(SdpRelay(request, SignalKind.Offer, resultWanted: true), Context.ConnectionAborted);

    public Task<RelayResult> SdpAnswer(SdpRequest? request) =>
        gateway.RelayAsync(SdpRelay(request, SignalKind.Answer, resultWanted: true), Context.ConnectionAborted);

    public Task<RelayResult> IceCandidate(IceCandidateRequest? request) =>
        gateway.RelayAsync(IceRelay(request, resultWanted: true), Context.ConnectionAborted);

    // The same three methods called without an invocation id (SendAsync): RelayWithoutResultProtocol routes
    // them here, so nothing waits for the session's answer that SignalR would discard anyway. Most such calls
    // never get here: DirectRelayProtocol hands them to the session as it reads them, and leaves to these
    // methods only the calls it must not take (see there).
    [HubMethodName(RelayWithoutResultProtocol.SdpOfferTarget)]
    public void SdpOfferWithoutResult(SdpRequest? request) => gateway.Relay(SdpRelay(request, SignalKind.Offer, resultWanted: false));

    [HubMethodName(RelayWithoutResultProtocol.SdpAnswerTarget)]
    public void SdpAnswerWithoutResult(SdpRequest? request) => gateway.Relay(SdpRelay(request, SignalKind.Answer, resultWanted: false));

    [HubMethodName(RelayWithoutResultProtocol.IceCandidateTarget)]
    public void IceCandidateWithoutResult(IceCandidateRequest? request) => gateway.Relay(IceRelay(request, resultWanted: false));

    private SessionCommands.Relay IceRelay(IceCandidateRequest? request, bool resultWanted) =>
        RelayRequests.Ice(request, Connection.Fingerprint, resultWanted);

    private SessionCommands.Relay SdpRelay(SdpRequest? request, SignalKind kind, bool resultWanted) =>
        RelayRequests.Sdp(request, kind, Connection.Fingerprint, resultWanted);

    /// <summary>This connection's device as it enters a session; capabilities sent with the call update its score.</summary>
    private async Task<Entrant> EntrantAsync(Capabilities? capabilities)
    {
        var connection = Connection;
        var score = Score(capabilities);
        connection.Actor ??= await gateway.OpenConnectionAsync(Context.ConnectionId, connection.Fingerprint, Context.ConnectionAborted);
        if (score is not null) connection.Score = score;
        return new Entrant(connection.Fingerprint, connection.DeviceName, connection.Score, connection.Actor);
    }

    private SessionInfo Entered(SessionInfo session)
    {
        Connection.Sessions.Add(session.SessionId);
        return session;
    }
}
