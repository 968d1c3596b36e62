using Akka.Actor;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.Devices;
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
    IActorRef connections,
    ILicenseValidator licenses,
    TimeSpan askTimeout,
    LocalSessions? localSessions = null)
{
    // 30^8 codes make a collision rare; a few more draws make a failed creation practically impossible.
    private const int InviteCodeAttempts = 8;

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

        for (var attempt = 0; attempt < InviteCodeAttempts; attempt++)
        {
            var code = InviteCodes.Generate();
            var create = new SessionCommands.Create(InviteSessionIds.Of(code), code, host, sessionType, topology,
                license.Tier, license.UserId);
            switch (await AskAnyAsync(sessions, create, ct))
            {
                case SessionInfo created:
                    return created;
                case SessionReplies.InviteCodeTaken:
                    continue;
                case var other:
                    throw Unexpected(create, other, nameof(SessionInfo));
            }
        }

        throw new SignalingRejection(ErrorCodes.Unavailable, "could not draw an unused invite code");
    }

    /// <summary>Joins the session the canonical code derives (<see cref="InviteSessionIds"/>).</summary>
    public Task<SessionInfo> JoinSessionAsync(string inviteCode, Entrant guest, CancellationToken ct) =>
        AskSessionAsync<SessionInfo>(SessionCommands.Join.ByCode(inviteCode, guest), ct);

    public Task<SessionInfo> RejoinSessionAsync(string sessionId, Entrant participant, long? lastSeq, CancellationToken ct) =>
        AskSessionAsync<SessionInfo>(new SessionCommands.Rejoin(sessionId, participant, lastSeq), ct);

    /// <summary>A device's capability score changed: every session it is in elects its hub again.</summary>
    public void UpdateScore(string fingerprint, int score, IEnumerable<string> sessionIds)
    {
        foreach (var sessionId in sessionIds)
            SessionOf(sessionId).Tell(new SessionCommands.UpdateScore(sessionId, fingerprint, score));
    }

    public Task<SessionInfo> GetSessionAsync(string sessionId, CancellationToken ct) =>
        AskSessionAsync<SessionInfo>(new SessionCommands.GetInfo(sessionId), ct);

    public Task<EmptyResult> LeaveSessionAsync(string sessionId, string fingerprint, CancellationToken ct) =>
        AskSessionAsync<EmptyResult>(new SessionCommands.Leave(sessionId, fingerprint), ct);

    public Task<RelayResult> RelayAsync(SessionCommands.Relay relay, CancellationToken ct) =>
        AskSessionAsync<RelayResult>(relay, ct);

    /// <summary>A relay whose sender wants no result: told, not asked, and nothing comes back, errors included.</summary>
    public void Relay(SessionCommands.Relay relay)
    {
        var told = relay.ResultWanted ? relay with { ResultWanted = false } : relay;
        SessionOf(told.SessionId).Tell(told, ActorRefs.Nobody);
    }

    /// <summary>
    /// The session's entity itself when it runs on this node with a client connected (two mailbox hops fewer
    /// than the shard region and the shard), else the region. A session that is not yet created is never listed.
    /// </summary>
    private IActorRef SessionOf(string sessionId) => localSessions?.Find(sessionId) ?? sessions;

    private Task<T> AskSessionAsync<T>(ISessionMessage message, CancellationToken ct) =>
        AskAsync<T>(SessionOf(message.SessionId), message, ct);

    private async Task<T> AskAsync<T>(IActorRef target, object message, CancellationToken ct) =>
        await AskAnyAsync(target, message, ct) switch
        {
            T result => result,
            var reply => throw Unexpected(message, reply, typeof(T).Name),
        };

    /// <summary>The entity's reply; a <see cref="CommandRejected"/> is thrown as the rejection it carries.</summary>
    private async Task<object> AskAnyAsync(IActorRef target, object message, CancellationToken ct)
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

        if (reply is CommandRejected rejected) throw SignalingRejection.From(rejected);
        return reply;
    }

    private static InvalidOperationException Unexpected(object message, object reply, string expected) =>
        new($"{message.GetType().Name} was answered with {reply.GetType().Name}, expected {expected}");
}
