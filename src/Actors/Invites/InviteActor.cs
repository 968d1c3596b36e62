using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using SignalingAkka.Actors.Common;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Invites;

/// <summary>
/// One bucket of invite codes (sharded by <see cref="InviteBuckets.Of"/>): at most one live session holds a
/// code at a time, which makes codes unique among live sessions on every node and lets any node resolve a
/// code. A claim carries the session's expiry, so a code whose release was lost still frees itself.
/// A bucket lives long and holds many codes, so claiming a code starts and recovers no entity of its own;
/// it snapshots its live claims every <see cref="EntitySettings.SnapshotEvery"/> events and deletes what
/// the snapshot covers.
/// </summary>
public sealed class InviteActor : ReceivePersistentActor
{
    private readonly TimeProvider _clock;
    private readonly EntitySettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, InviteState> _claims = new(StringComparer.Ordinal);
    private int _eventsSinceSnapshot;

    public InviteActor(string bucket, TimeProvider clock, EntitySettings settings)
    {
        _clock = clock;
        _settings = settings;
        PersistenceId = "invites-" + bucket;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is InviteClaims saved)
                foreach (var (code, state) in saved.Claims) _claims[code] = state;
        });
        Recover<ISignalingMessage>(Apply);

        Command<InviteCommands.Claim>(Handle);
        Command<InviteCommands.Resolve>(r => Sender.Tell(new InviteReplies.Resolution(r.Code, LiveSessionId(r.Code))));
        Command<InviteCommands.Release>(Handle);
        Command<SaveSnapshotSuccess>(s =>
        {
            DeleteMessages(s.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of invite bucket {PersistenceId} failed", PersistenceId));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Deleting events of invite bucket {PersistenceId} failed", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old snapshots of invite bucket {PersistenceId} failed", PersistenceId));
        Command<ReceiveTimeout>(_ => Context.Parent.Tell(new Passivate(PoisonPill.Instance)));
    }

    public override string PersistenceId { get; }

    public static Props Props(string bucket, TimeProvider clock, EntitySettings settings) =>
        ConstructorProps.For(() => new InviteActor(bucket, clock, settings));

    protected override void PreStart()
    {
        base.PreStart();
        Context.SetReceiveTimeout(_settings.IdleTimeout);
    }

    private string? LiveSessionId(string code) =>
        _claims.TryGetValue(code, out var state) && state.IsLive(_clock.GetUtcNow()) ? state.SessionId : null;

    private void Handle(InviteCommands.Claim claim)
    {
        var holder = LiveSessionId(claim.Code);
        if (holder is not null)
        {
            Sender.Tell(new InviteReplies.ClaimResult(claim.Code, holder == claim.SessionId));
            return;
        }

        var replyTo = Sender;
        Persist(new InviteEvents.Claimed(claim.Code, claim.SessionId, claim.ExpiresAt), e =>
        {
            ApplyAndCount(e);
            replyTo.Tell(new InviteReplies.ClaimResult(claim.Code, true));
        });
    }

    private void Handle(InviteCommands.Release release)
    {
        if (!_claims.TryGetValue(release.Code, out var state) || state.SessionId != release.SessionId)
        {
            Sender.Tell(EmptyResult.Instance);
            return;
        }

        var replyTo = Sender;
        Persist(new InviteEvents.Released(release.Code, release.SessionId), e =>
        {
            ApplyAndCount(e);
            replyTo.Tell(EmptyResult.Instance);
        });
    }

    private void Apply(ISignalingMessage e)
    {
        switch (e)
        {
            case InviteEvents.Claimed claimed:
                _claims[claimed.Code] = new InviteState(claimed.SessionId, claimed.ExpiresAt);
                break;
            case InviteEvents.Released released when _claims.TryGetValue(released.Code, out var state)
                                                     && state.SessionId == released.SessionId:
                _claims.Remove(released.Code);
                break;
        }
    }

    /// <summary>Snapshots keep only claims still live, so codes whose release was lost leave at the next one.</summary>
    private void ApplyAndCount(ISignalingMessage e)
    {
        Apply(e);
        if (++_eventsSinceSnapshot < _settings.SnapshotEvery) return;
        _eventsSinceSnapshot = 0;
        var now = _clock.GetUtcNow();
        foreach (var expired in _claims.Where(c => !c.Value.IsLive(now)).Select(c => c.Key).ToList()) _claims.Remove(expired);
        SaveSnapshot(new InviteClaims(_claims.ToImmutableDictionary(StringComparer.Ordinal)));
    }
}
