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

/// <summary>A device entering a session: who it is, how strong, and where its socket lives.</summary>
public sealed record Entrant(string Fingerprint, string DeviceName, int Score, IActorRef Connection) : ISignalingMessage;

public static class SessionCommands
{
    /// <summary>Starts a session with its host. Replies <see cref="SessionInfo"/> or <see cref="CommandRejected"/>.</summary>
    public sealed record Create(
        string SessionId, string InviteCode, Entrant Host, SessionType SessionType, Topology Topology, Tier Tier,
        string? HostUserId) : ISessionMessage;

    /// <summary>Replies <see cref="SessionInfo"/> or <see cref="CommandRejected"/>.</summary>
    public sealed record Join(string SessionId, Entrant Guest) : ISessionMessage;

    /// <summary>Replies <see cref="EmptyResult"/> or <see cref="CommandRejected"/>.</summary>
    public sealed record Leave(string SessionId, string Fingerprint) : ISessionMessage;

    /// <summary>
    /// An SDP or ICE message from one participant to another. Body is the SDP or the candidate.
    /// Replies <see cref="RelayResult"/> or <see cref="CommandRejected"/>.
    /// </summary>
    public sealed record Relay(
        string SessionId, string From, string To, SignalKind Kind, string Body, string? SdpMid, int? SdpMLineIndex)
        : ISessionMessage;

    /// <summary>Replies <see cref="SessionInfo"/> or <see cref="CommandRejected"/>.</summary>
    public sealed record GetInfo(string SessionId) : ISessionMessage;
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

    public sealed record Ended(EndReason Reason, DateTimeOffset At) : ISignalingMessage;

    /// <summary>
    /// Sequence numbers up to <c>UpTo</c> may be handed to this recipient. Reserving them in blocks keeps
    /// the relay path free of writes while guaranteeing that no number is reused after a crash.
    /// </summary>
    public sealed record SeqReserved(string Fingerprint, long UpTo) : ISignalingMessage;
}
