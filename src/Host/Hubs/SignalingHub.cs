using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SignalingAkka.Actors.Devices;
using SignalingAkka.Actors.Hosting;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Host.Auth;
using SignalingAkka.Protocol;
using static SignalingAkka.Host.Hubs.RequestValidation;

namespace SignalingAkka.Host.Hubs;

/// <summary>
/// The v1 wire contract at /signaling. Thin: validates each request, then asks the actors through
/// <see cref="SignalingGateway"/>; errors become <c>CODE: text</c> HubExceptions in <see cref="SignalingHubFilter"/>.
/// </summary>
[Authorize(AuthenticationSchemes = AccessTokenAuthenticationHandler.SchemeName)]
public sealed class SignalingHub(SignalingGateway gateway, HubClientPusher pusher) : Hub
{
    private ConnectionContext Connection => ConnectionContext.Of(Context);

    public override async Task OnConnectedAsync()
    {
        var connection = ConnectionContext.Create(Context);
        pusher.Opened(Context);
        connection.Actor = await gateway.OpenConnectionAsync(Context.ConnectionId, connection.Fingerprint,
            Context.ConnectionAborted);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        pusher.Closed(Context.ConnectionId);
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

    public Task<SessionInfo> CreateSession(CreateSessionRequest? request)
    {
        request = NotNull(request);
        if (string.IsNullOrEmpty(request.LicenseToken))
            throw Error(ErrorCodes.LicenseRequired, "a licence token is required to host a session");
        var licenseToken = Text(request.LicenseToken, "licenseToken", Limits.MaxLicenseTokenChars);
        var sessionType = Enum<SessionType>(request.SessionType, "sessionType");
        var topology = Topology(request.Topology);
        var host = Entrant(Score(request.Capabilities));
        return gateway.CreateSessionAsync(licenseToken, host, sessionType, topology, Context.ConnectionAborted);
    }

    public Task<SessionInfo> JoinSession(JoinSessionRequest? request)
    {
        request = NotNull(request);
        var code = InviteCode(request.InviteCode);
        return gateway.JoinSessionAsync(code, Entrant(Score(request.Capabilities)), Context.ConnectionAborted);
    }

    public Task<EmptyResult> LeaveSession(LeaveSessionRequest? request)
    {
        request = NotNull(request);
        return gateway.LeaveSessionAsync(SessionId(request.SessionId), Connection.Fingerprint, Context.ConnectionAborted);
    }

    public Task<RelayResult> SdpOffer(SdpRequest? request) => RelaySdp(request, SignalKind.Offer);

    public Task<RelayResult> SdpAnswer(SdpRequest? request) => RelaySdp(request, SignalKind.Answer);

    public Task<RelayResult> IceCandidate(IceCandidateRequest? request)
    {
        request = NotNull(request);
        var relay = new SessionCommands.Relay(SessionId(request.SessionId), Connection.Fingerprint,
            Fingerprint(request.To, "to"), SignalKind.IceCandidate,
            Payload(request.Candidate, "candidate", Limits.MaxCandidateChars, allowEmpty: true),
            SdpMid(request.SdpMid), SdpMLineIndex(request.SdpMLineIndex));
        return gateway.RelayAsync(relay, Context.ConnectionAborted);
    }

    private Task<RelayResult> RelaySdp(SdpRequest? request, SignalKind kind)
    {
        request = NotNull(request);
        var relay = new SessionCommands.Relay(SessionId(request.SessionId), Connection.Fingerprint,
            Fingerprint(request.To, "to"), kind, Payload(request.Sdp, "sdp", Limits.MaxSdpChars, allowEmpty: false),
            null, null);
        return gateway.RelayAsync(relay, Context.ConnectionAborted);
    }

    private Entrant Entrant(int score)
    {
        var connection = Connection;
        return new Entrant(connection.Fingerprint, connection.DeviceName, score, connection.Actor);
    }
}
