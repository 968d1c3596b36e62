using Akka.Actor;
using SignalingAkka.Actors.Common;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Sessions;

/// <summary>A message for the session entity with this id.</summary>
public interface ISessionMessage : ISignalingMessage
{
    string SessionId { get; }
}

/// <summary>Which relayed signal a message is.</summary>
public enum SignalKind { Offer, Answer, IceCandidate }

/// <summary>A device entering a session: who it is, how strong (null: unchanged, 0 when new), and where its socket lives.</summary>
public sealed record Entrant(string Fingerprint, string DeviceName, int? Score, IActorRef Connection) : ISignalingMessage;

/// <summary>A relayed message as held for its recipient: numbered, from whom, and when it was accepted.</summary>
public sealed record HeldMessage(
    long Seq, SignalKind Kind, string From, string Body, string? SdpMid, int? SdpMLineIndex, DateTimeOffset At)
    : ISignalingMessage;

public static class SessionCommands
{
    /// <summary>
    /// Starts a session with its host, under the id its invite code derives (<see cref="InviteSessionIds"/>).
    /// Replies <see cref="SessionInfo"/>, <see cref="SessionReplies.InviteCodeTaken"/> when the code already
    /// belongs to another session (live or ended), or <see cref="CommandRejected"/>.
    /// </summary>
    public sealed record Create(
        string SessionId, string InviteCode, Entrant Host, SessionType SessionType, Topology Topology, Tier Tier,
        string? HostUserId) : ISessionMessage;

    /// <summary>
    /// Enters by invite code, sent to the session the code derives. A device that is already a participant
    /// comes back on its new connection and receives everything queued for it. Replies
    /// <see cref="SessionInfo"/> or <see cref="CommandRejected"/> (INVITE_NOT_FOUND unless the session is live).
    /// </summary>
    public sealed record Join(string SessionId, string InviteCode, Entrant Guest) : ISessionMessage
    {
        public static Join ByCode(string canonicalCode, Entrant guest) =>
            new(InviteSessionIds.Of(canonicalCode), canonicalCode, guest);
    }

    /// <summary>
    /// A participant returns (its rejoin signature was checked by the caller). Every held message with
    /// seq above LastSeq (all queued ones when null) reaches the new connection before the reply.
    /// Replies <see cref="SessionInfo"/> or <see cref="CommandRejected"/>.
    /// </summary>
    public sealed record Rejoin(string SessionId, Entrant Participant, long? LastSeq) : ISessionMessage;

    /// <summary>Replies <see cref="EmptyResult"/> or <see cref="CommandRejected"/>.</summary>
    public sealed record Leave(string SessionId, string Fingerprint) : ISessionMessage;

    /// <summary>
    /// An SDP or ICE message from one participant to another. Body is the SDP or the candidate.
    /// Replies <see cref="RelayResult"/> or <see cref="CommandRejected"/>, unless the client sent it
    /// without asking for a result (<paramref name="ResultWanted"/> false): then nothing is replied.
    /// </summary>
    public sealed record Relay(
        string SessionId, string From, string To, SignalKind Kind, string Body, string? SdpMid, int? SdpMLineIndex,
        bool ResultWanted = true)
        : ISessionMessage;

    /// <summary>A participant's capability score changed: the hub is elected again. No reply.</summary>
    public sealed record UpdateScore(string SessionId, string Fingerprint, int Score) : ISessionMessage;

    /// <summary>Replies <see cref="SessionInfo"/> or <see cref="CommandRejected"/>.</summary>
    public sealed record GetInfo(string SessionId) : ISessionMessage;

    /// <summary>
    /// The read model shows the session open: start it if it is not running, so its grace periods and expiry run
    /// without a client. An ended one records its end again (the read model missed it) and passivates. No reply.
    /// </summary>
    public sealed record Wake(string SessionId) : ISessionMessage;

    /// <summary>Sent by the shard when the session moves or the node shuts down: checkpoint, then stop.</summary>
    public sealed record HandOff : ISignalingMessage
    {
        public static readonly HandOff Instance = new();
    }
}

public static class SessionReplies
{
    /// <summary>The code of a Create already names another session: the caller draws another code.</summary>
    public sealed record InviteCodeTaken(string InviteCode) : ISignalingMessage;
}

/// <summary>Persisted facts of a session's life.</summary>
public static class SessionEvents
{
    public sealed record Created(
        string InviteCode, string HostFingerprint, SessionType SessionType, Topology Topology, Tier Tier,
        string? HostUserId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt) : ISignalingMessage;

    public sealed record ParticipantJoined(
        string Fingerprint, string DeviceName, ParticipantRole Role, int Score, DateTimeOffset JoinedAt) : ISignalingMessage;

    public sealed record ParticipantLeft(string Fingerprint, LeaveReason Reason, DateTimeOffset At) : ISignalingMessage;

    public sealed record ScoreChanged(string Fingerprint, int Score) : ISignalingMessage;

    public sealed record HubChanged(string HubFingerprint, string? PreviousHubFingerprint, int Score, DateTimeOffset At)
        : ISignalingMessage;

    /// <summary>The session stopped accepting calls; its invite code no longer resolves.</summary>
    public sealed record Ended(EndReason Reason, DateTimeOffset At) : ISignalingMessage;

    /// <summary>
    /// Sequence numbers up to <c>UpTo</c> may have been handed to this recipient. Reserving them in blocks keeps
    /// the relay path free of writes while guaranteeing that no number is reused after a crash; a graceful
    /// stop writes the exact last number, so numbering then continues without a gap.
    /// </summary>
    public sealed record SeqReserved(string Fingerprint, long UpTo) : ISignalingMessage;

    /// <summary>A message for a disconnected recipient waits in its queue.</summary>
    public sealed record MessageQueued(string Recipient, HeldMessage Message) : ISignalingMessage;

    /// <summary>The recipient's queue was handed to its connection up to this seq.</summary>
    public sealed record QueueDelivered(string Recipient, long UpToSeq) : ISignalingMessage;

    /// <summary>Recently pushed messages, saved on a graceful stop so a rejoin after it can still replay them.</summary>
    public sealed record PushedSaved(string Recipient, HeldMessage[] Messages) : ISignalingMessage;
}
