using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Persistence;
using SignalingAkka.Actors.Common;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Invites;

/// <summary>
/// One invite code (sharded by code): at most one live session holds it at a time, which makes
/// codes unique among live sessions on every node and lets any node resolve a code.
/// A claim carries the session's expiry, so a code whose release was lost still frees itself.
/// </summary>
public sealed class InviteActor : ReceivePersistentActor
{
    private readonly TimeProvider _clock;
    private readonly EntitySettings _settings;
    private InviteState? _state;

    public InviteActor(string code, TimeProvider clock, EntitySettings settings)
    {
        _clock = clock;
        _settings = settings;
        PersistenceId = "invite-" + code;

        Recover<ISignalingMessage>(e => _state = InviteState.Apply(_state, e));

        Command<InviteCommands.Claim>(Handle);
        Command<InviteCommands.Resolve>(r => Sender.Tell(new InviteReplies.Resolution(r.Code, LiveSessionId())));
        Command<InviteCommands.Release>(Handle);
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
        Command<ReceiveTimeout>(_ => Context.Parent.Tell(new Passivate(PoisonPill.Instance)));
    }

    public override string PersistenceId { get; }

    /// <summary>
    /// An invite never saves snapshots (a claim deletes the history before it instead), so recovery
    /// skips the snapshot store and reads only the journal: one query less for every new code.
    /// </summary>
    public override Recovery Recovery { get; } = new(SnapshotSelectionCriteria.None);

    public static Props Props(string code, TimeProvider clock, EntitySettings settings) =>
        ConstructorProps.For(() => new InviteActor(code, clock, settings));

    protected override void PreStart()
    {
        base.PreStart();
        Context.SetReceiveTimeout(_settings.IdleTimeout);
    }

    private string? LiveSessionId() => _state is { } s && s.IsLive(_clock.GetUtcNow()) ? s.SessionId : null;

    private void Handle(InviteCommands.Claim claim)
    {
        var holder = LiveSessionId();
        if (holder is not null)
        {
            Sender.Tell(new InviteReplies.ClaimResult(claim.Code, holder == claim.SessionId));
            return;
        }

        // Replacing the whole history with one event keeps recovery of a reused code short.
        Persist(new InviteEvents.Claimed(claim.SessionId, claim.ExpiresAt), e =>
        {
            _state = InviteState.Apply(_state, e);
            Sender.Tell(new InviteReplies.ClaimResult(claim.Code, true));
            if (LastSequenceNr > 1) DeleteMessages(LastSequenceNr - 1); // a fresh code has nothing before
        });
    }

    private void Handle(InviteCommands.Release release)
    {
        if (_state?.SessionId != release.SessionId)
        {
            Sender.Tell(EmptyResult.Instance);
            return;
        }

        Persist(new InviteEvents.Released(release.SessionId), e =>
        {
            _state = InviteState.Apply(_state, e);
            Sender.Tell(EmptyResult.Instance);
            // A free code has nothing to hold in memory; most are never asked for again.
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        });
    }
}
