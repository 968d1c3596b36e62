using System.Collections.Immutable;
using SignalingAkka.Actors.Common;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Sessions;

public sealed record ParticipantState(
    string Fingerprint, string DeviceName, ParticipantRole Role, int Score, DateTimeOffset JoinedAt) : ISignalingMessage;

/// <summary>
/// The persisted state of a created session. Participants are kept in joining order;
/// <see cref="ReservedSeq"/> holds, per recipient, the highest sequence number that may have been issued.
/// </summary>
public sealed record SessionState(
    string SessionId,
    string InviteCode,
    string HostFingerprint,
    string HubFingerprint,
    SessionType SessionType,
    Topology Topology,
    Tier Tier,
    string? HostUserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    Protocol.SessionPhase Phase,
    EndReason? EndReason,
    ImmutableList<ParticipantState> Participants,
    ImmutableDictionary<string, long> ReservedSeq) : ISignalingMessage
{
    public TierLimits Limits => TierLimits.For(Tier);

    public bool IsEnded => Phase == Protocol.SessionPhase.Ended;

    public ParticipantState? Find(string fingerprint) => Participants.Find(p => p.Fingerprint == fingerprint);

    public static SessionState? Apply(SessionState? state, string sessionId, object @event) => (state, @event) switch
    {
        (null, SessionEvents.Created e) => new SessionState(sessionId, e.InviteCode, e.HostFingerprint,
            e.HostFingerprint, e.SessionType, e.Topology, e.Tier, e.HostUserId, e.CreatedAt, e.ExpiresAt,
            Protocol.SessionPhase.Active, null, [], ImmutableDictionary<string, long>.Empty),
        (not null, SessionEvents.ParticipantJoined e) => state with
        {
            Participants = state.Participants.Add(new ParticipantState(e.Fingerprint, e.DeviceName, e.Role, e.Score, e.JoinedAt)),
        },
        (not null, SessionEvents.ParticipantLeft e) => state with
        {
            Participants = state.Participants.RemoveAll(p => p.Fingerprint == e.Fingerprint),
        },
        (not null, SessionEvents.Ended e) => state with { Phase = Protocol.SessionPhase.Ended, EndReason = e.Reason },
        (not null, SessionEvents.SeqReserved e) => state with { ReservedSeq = state.ReservedSeq.SetItem(e.Fingerprint, e.UpTo) },
        _ => state,
    };
}
