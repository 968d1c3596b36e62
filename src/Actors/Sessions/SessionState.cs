using System.Collections.Immutable;
using SignalingAkka.Actors.Common;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Sessions;

public sealed record ParticipantState(
    string Fingerprint, string DeviceName, ParticipantRole Role, int Score, DateTimeOffset JoinedAt) : ISignalingMessage;

/// <summary>
/// The persisted state of a created session. Participants are kept in joining order;
/// <see cref="ReservedSeq"/> holds, per recipient, the highest sequence number that may have been issued;
/// <see cref="Queues"/> the messages waiting for disconnected recipients.
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
    SessionPhase Phase,
    EndReason? EndReason,
    ImmutableList<ParticipantState> Participants,
    ImmutableDictionary<string, long> ReservedSeq,
    ImmutableDictionary<string, ImmutableList<HeldMessage>> Queues,
    int HubMigrationCount,
    DateTimeOffset? EndedAt) : ISignalingMessage
{
    public TierLimits Limits => TierLimits.For(Tier);

    public bool IsClosed => Phase != SessionPhase.Active;

    public ParticipantState? Find(string fingerprint) => Participants.Find(p => p.Fingerprint == fingerprint);

    public ImmutableList<HeldMessage> QueueOf(string fingerprint) =>
        Queues.TryGetValue(fingerprint, out var queue) ? queue : [];

    public static SessionState? Apply(SessionState? state, string sessionId, object @event) => (state, @event) switch
    {
        (null, SessionEvents.Created e) => new SessionState(sessionId, e.InviteCode, e.HostFingerprint,
            e.HostFingerprint, e.SessionType, e.Topology, e.Tier, e.HostUserId, e.CreatedAt, e.ExpiresAt,
            SessionPhase.Active, null, [], ImmutableDictionary<string, long>.Empty,
            ImmutableDictionary<string, ImmutableList<HeldMessage>>.Empty, 0, null),
        (not null, SessionEvents.ParticipantJoined e) => state with
        {
            Participants = state.Participants.Add(new ParticipantState(e.Fingerprint, e.DeviceName, e.Role, e.Score, e.JoinedAt)),
        },
        (not null, SessionEvents.ParticipantLeft e) => state with
        {
            Participants = state.Participants.RemoveAll(p => p.Fingerprint == e.Fingerprint),
            Queues = state.Queues.Remove(e.Fingerprint),
        },
        (not null, SessionEvents.ScoreChanged e) => state.WithParticipant(e.Fingerprint, p => p with { Score = e.Score }),
        (not null, SessionEvents.HubChanged e) => state.ApplyHubChange(e),
        (not null, SessionEvents.Ended e) => state with
        {
            Phase = SessionPhase.Ended, EndReason = e.Reason, EndedAt = e.At,
            Queues = ImmutableDictionary<string, ImmutableList<HeldMessage>>.Empty,
        },
        (not null, SessionEvents.SeqReserved e) => state with { ReservedSeq = state.ReservedSeq.SetItem(e.Fingerprint, e.UpTo) },
        (not null, SessionEvents.MessageQueued e) => state with { Queues = state.Queues.SetItem(e.Recipient, Enqueue(state.QueueOf(e.Recipient), e.Message)) },
        (not null, SessionEvents.QueueDelivered e) => state with
        {
            Queues = state.Queues.SetItem(e.Recipient, state.QueueOf(e.Recipient).RemoveAll(m => m.Seq <= e.UpToSeq)),
        },
        _ => state,
    };

    /// <summary>
    /// Idempotent: a snapshot may be taken after a queued message was applied but before its event was
    /// written (PersistAsync), and recovery then replays that event onto a queue that already holds it.
    /// </summary>
    private static ImmutableList<HeldMessage> Enqueue(ImmutableList<HeldMessage> queue, HeldMessage message)
    {
        if (queue.Count > 0 && queue[^1].Seq >= message.Seq) return queue;
        queue = queue.Add(message);
        return queue.Count > Protocol.Limits.MaxQueuedPerPeer ? queue.RemoveAt(0) : queue;
    }

    private SessionState WithParticipant(string fingerprint, Func<ParticipantState, ParticipantState> change)
    {
        var index = Participants.FindIndex(p => p.Fingerprint == fingerprint);
        return index < 0 ? this : this with { Participants = Participants.SetItem(index, change(Participants[index])) };
    }

    /// <summary>The host keeps its HOST role; any other hub is HUB and returns to GUEST when replaced.</summary>
    private SessionState ApplyHubChange(SessionEvents.HubChanged e)
    {
        var state = this;
        if (e.PreviousHubFingerprint is { } previous && previous != HostFingerprint)
            state = state.WithParticipant(previous, p => p with { Role = ParticipantRole.GUEST });
        if (e.HubFingerprint != HostFingerprint)
            state = state.WithParticipant(e.HubFingerprint, p => p with { Role = ParticipantRole.HUB });
        return state with { HubFingerprint = e.HubFingerprint, HubMigrationCount = HubMigrationCount + 1 };
    }
}
