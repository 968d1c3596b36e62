using Akka.Actor;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.Devices;
using SignalingAkka.Actors.Invites;
using SignalingAkka.Actors.Licensing;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Hosting;

/// <summary>
/// The one door from the transport into the actors: each call asks the owning entity and turns a
/// <see cref="CommandRejected"/> into a <see cref="SignalingRejection"/> carrying the wire code.
/// </summary>
public sealed class SignalingGateway(
    IActorRef sessions,
    IActorRef devices,
    IActorRef invites,
    IActorRef connections,
    ILicenseValidator licenses,
    TimeProvider clock,
    TimeSpan askTimeout,
    LocalSessions? localSessions = null)
{
    // 30^8 codes make a collision rare; a few retries make a failed claim practically impossible.
    private const int InviteClaimAttempts = 8;

    public Task<IActorRef> OpenConnectionAsync(string connectionId, string fingerprint, CancellationToken ct) =>
        connections.Ask<IActorRef>(new ConnectionCommands.Open(connectionId, fingerprint), askTimeout, ct);

    public void CloseConnection(string connectionId) =>
        connections.Tell(new ConnectionCommands.Close(connectionId));

    public Task<int> CountConnectionsAsync(CancellationToken ct) =>
        connections.Ask<int>(new ConnectionCommands.Count(), askTimeout, ct);

    public async Task<DeviceQueries.DeviceFound?> FindDeviceAsync(string fingerprint, CancellationToken ct) =>
        await AskAsync<object>(devices, new DeviceCommands.Get(fingerprint), ct) as DeviceQueries.DeviceFound;

    public Task<RegisterDeviceResult> RegisterDeviceAsync(DeviceCommands.Register register, CancellationToken ct) =>
        AskAsync<RegisterDeviceResult>(devices, register, ct);

    public Task<EmptyResult> SetDeviceBlockedAsync(string fingerprint, bool blocked, CancellationToken ct) =>
        AskAsync<EmptyResult>(devices, new DeviceCommands.SetBlocked(fingerprint, blocked), ct);

    public async Task<SessionInfo> CreateSessionAsync(string licenseToken, Entrant host, SessionType sessionType,
        Topology topology, CancellationToken ct)
    {
        var license = await licenses.ValidateAsync(licenseToken, ct);
        if (!license.IsValid)
            throw new SignalingRejection(ErrorCodes.LicenseInvalid, license.Reason ?? "the licence is not valid");

        var sessionId = Guid.NewGuid().ToString();
        var expiresAt = clock.GetUtcNow() + TierLimits.For(license.Tier).Lifetime;
        var code = await ClaimInviteCodeAsync(sessionId, expiresAt, ct);
        return await AskAsync<SessionInfo>(sessions,
            new SessionCommands.Create(sessionId, code, host, sessionType, topology, license.Tier, license.UserId), ct);
    }

    public async Task<SessionInfo> JoinSessionAsync(string inviteCode, Entrant guest, CancellationToken ct)
    {
        var resolution = await AskAsync<InviteReplies.Resolution>(invites, new InviteCommands.Resolve(inviteCode), ct);
        if (resolution.SessionId is null)
            throw new SignalingRejection(ErrorCodes.InviteNotFound, "no live session has this invite code");
        return await AskAsync<SessionInfo>(sessions, new SessionCommands.Join(resolution.SessionId, guest), ct);
    }

    public Task<SessionInfo> RejoinSessionAsync(string sessionId, Entrant participant, long? lastSeq, CancellationToken ct) =>
        AskAsync<SessionInfo>(sessions, new SessionCommands.Rejoin(sessionId, participant, lastSeq), ct);

    /// <summary>A device's capability score changed: every session it is in elects its hub again.</summary>
    public void UpdateScore(string fingerprint, int score, IEnumerable<string> sessionIds)
    {
        foreach (var sessionId in sessionIds)
            sessions.Tell(new SessionCommands.UpdateScore(sessionId, fingerprint, score));
    }

    public Task<SessionInfo> GetSessionAsync(string sessionId, CancellationToken ct) =>
        AskAsync<SessionInfo>(sessions, new SessionCommands.GetInfo(sessionId), ct);

    public Task<EmptyResult> LeaveSessionAsync(string sessionId, string fingerprint, CancellationToken ct) =>
        AskAsync<EmptyResult>(sessions, new SessionCommands.Leave(sessionId, fingerprint), ct);

    public Task<RelayResult> RelayAsync(SessionCommands.Relay relay, CancellationToken ct) =>
        AskAsync<RelayResult>(sessions, relay, ct);

    /// <summary>
    /// A relay whose sender wants no result: told, not asked, and nothing comes back, errors included. It goes
    /// straight to the session's entity when that runs on this node with a client connected.
    /// </summary>
    public void Relay(SessionCommands.Relay relay)
    {
        var told = relay.ResultWanted ? relay with { ResultWanted = false } : relay;
        (localSessions?.Find(told.SessionId) ?? sessions).Tell(told, ActorRefs.Nobody);
    }

    private async Task<string> ClaimInviteCodeAsync(string sessionId, DateTimeOffset expiresAt, CancellationToken ct)
    {
        for (var attempt = 0; attempt < InviteClaimAttempts; attempt++)
        {
            var code = InviteCodes.Generate();
            var claim = await AskAsync<InviteReplies.ClaimResult>(invites,
                new InviteCommands.Claim(code, sessionId, expiresAt), ct);
            if (claim.Accepted) return code;
        }

        throw new SignalingRejection(ErrorCodes.Unavailable, "could not reserve a unique invite code");
    }

    private async Task<T> AskAsync<T>(IActorRef target, object message, CancellationToken ct)
    {
        object reply;
        try
        {
            reply = await target.Ask<object>(message, askTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            throw new SignalingRejection(ErrorCodes.Unavailable, "the signaling cluster did not answer in time");
        }

        return reply switch
        {
            T result => result,
            CommandRejected rejected => throw SignalingRejection.From(rejected),
            _ => throw new InvalidOperationException(
                $"{message.GetType().Name} was answered with {reply.GetType().Name}, expected {typeof(T).Name}"),
        };
    }
}
