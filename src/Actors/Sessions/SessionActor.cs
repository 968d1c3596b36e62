using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.Invites;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Sessions;

/// <summary>
/// One session (sharded by session id): its participants, who hosts it, and the relay of SDP/ICE
/// between participants. Membership is persisted; sockets are <see cref="ConnectionActor"/>s it
/// watches, so a dropped socket is noticed wherever it lived.
/// </summary>
public sealed class SessionActor : ReceivePersistentActor, IWithTimers
{
    private const string ExpiryTimer = "expiry";

    private readonly string _sessionId;
    private readonly SessionSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _connections = new();
    private readonly Dictionary<IActorRef, string> _owners = new();
    private readonly Dictionary<string, long> _lastIssuedSeq = new();
    private readonly Dictionary<string, Queue<ConnectionCommands.Push>> _undelivered = new();
    private SessionState? _state;
    private int _eventsSinceSnapshot;

    public SessionActor(string sessionId, SessionSettings settings)
    {
        _sessionId = sessionId;
        _settings = settings;
        PersistenceId = "session-" + sessionId;

        Recover<SnapshotOffer>(offer => _state = offer.Snapshot as SessionState);
        Recover<ISignalingMessage>(e => _state = SessionState.Apply(_state, _sessionId, e));

        Command<SessionCommands.Create>(Handle);
        Command<SessionCommands.Join>(Handle);
        Command<SessionCommands.Leave>(Handle);
        Command<SessionCommands.Relay>(Handle);
        Command<SessionCommands.GetInfo>(_ => ReplyIfLive(state => Sender.Tell(Describe(state))));
        Command<Terminated>(t => ConnectionLost(t.ActorRef));
        Command<ExpiryDue>(_ => EndIfExpired());
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of session {SessionId} failed", _sessionId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
        Command<ReceiveTimeout>(_ => Context.Parent.Tell(new Passivate(PoisonPill.Instance)));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string sessionId, SessionSettings settings) =>
        Akka.Actor.Props.Create(() => new SessionActor(sessionId, settings));

    private DateTimeOffset Now => _settings.Clock.GetUtcNow();

    protected override void OnReplaySuccess()
    {
        ScheduleExpiry();
        UpdatePassivation();
    }

    private void Handle(SessionCommands.Create create)
    {
        if (_state is not null)
        {
            var sameRequest = _state.InviteCode == create.InviteCode && _state.HostFingerprint == create.Host.Fingerprint;
            if (sameRequest) Sender.Tell(Describe(_state));
            else Sender.Tell(new CommandRejected(ErrorCodes.Internal, "session id already in use"));
            return;
        }

        var now = Now;
        var limits = TierLimits.For(create.Tier);
        var created = new SessionEvents.Created(create.InviteCode, create.Host.Fingerprint, create.SessionType,
            create.Topology, create.Tier, create.HostUserId, now, now + limits.Lifetime);
        var hostJoined = new SessionEvents.ParticipantJoined(create.Host.Fingerprint, create.Host.DeviceName,
            ParticipantRole.HOST, create.Host.Score, now);
        var replyTo = Sender;
        PersistAll<ISignalingMessage>(new ISignalingMessage[] { created, hostJoined }, Apply(e =>
        {
            if (e is not SessionEvents.ParticipantJoined) return;
            Attach(create.Host.Fingerprint, create.Host.Connection);
            ScheduleExpiry();
            replyTo.Tell(Describe(_state!));
        }));
    }

    private void Handle(SessionCommands.Join join)
    {
        ReplyIfLive(state =>
        {
            var guest = join.Guest;
            if (state.Find(guest.Fingerprint) is not null)
            {
                var wasConnected = _connections.ContainsKey(guest.Fingerprint);
                Attach(guest.Fingerprint, guest.Connection);
                if (!wasConnected) NotifyConnectionChanged(guest.Fingerprint, connected: true);
                Sender.Tell(Describe(state));
                return;
            }

            if (state.Limits.MaxParticipants is { } max && state.Participants.Count >= max)
            {
                Sender.Tell(new CommandRejected(ErrorCodes.SessionFull,
                    $"the {state.Tier} tier allows {max} participants"));
                return;
            }

            var joined = new SessionEvents.ParticipantJoined(guest.Fingerprint, guest.DeviceName,
                ParticipantRole.GUEST, guest.Score, Now);
            var replyTo = Sender;
            Persist<ISignalingMessage>(joined, Apply(_ =>
            {
                Attach(guest.Fingerprint, guest.Connection);
                var participant = ToWire(_state!.Find(guest.Fingerprint)!);
                Broadcast(HubEvents.PeerJoined, new PeerJoinedEvent(_sessionId, participant), except: guest.Fingerprint);
                replyTo.Tell(Describe(_state));
            }));
        });
    }

    private void Handle(SessionCommands.Leave leave)
    {
        ReplyIfLive(state =>
        {
            if (state.Find(leave.Fingerprint) is null)
            {
                Sender.Tell(new CommandRejected(ErrorCodes.NotInSession, "you are not in this session"));
                return;
            }

            var now = Now;
            var left = new SessionEvents.ParticipantLeft(leave.Fingerprint, LeaveReason.LEFT, now);
            var replyTo = Sender;
            if (leave.Fingerprint == state.HostFingerprint)
            {
                Detach(leave.Fingerprint);
                End(EndReason.HOST_LEFT, () => replyTo.Tell(EmptyResult.Instance), left);
                return;
            }

            Persist<ISignalingMessage>(left, Apply(_ =>
            {
                Detach(leave.Fingerprint);
                Broadcast(HubEvents.PeerLeft,
                    new PeerLeftEvent(_sessionId, leave.Fingerprint, WireNames.Of(LeaveReason.LEFT)), except: null);
                replyTo.Tell(EmptyResult.Instance);
            }));
        });
    }

    private void Handle(SessionCommands.Relay relay)
    {
        ReplyIfLive(state =>
        {
            if (state.Find(relay.From) is null)
            {
                Sender.Tell(new CommandRejected(ErrorCodes.NotInSession, "you are not in this session"));
                return;
            }

            if (relay.To == relay.From)
            {
                Sender.Tell(new CommandRejected(ErrorCodes.InvalidArgument, "to must be another participant"));
                return;
            }

            if (state.Find(relay.To) is null)
            {
                Sender.Tell(new CommandRejected(ErrorCodes.PeerNotInSession, "the target is not in this session"));
                return;
            }

            var seq = LastIssuedSeq(state, relay.To) + 1;
            if (seq <= state.ReservedSeq.GetValueOrDefault(relay.To))
            {
                Sender.Tell(Deliver(relay, seq));
                return;
            }

            var replyTo = Sender;
            var reservation = new SessionEvents.SeqReserved(relay.To, seq - 1 + _settings.SeqBlockSize);
            Persist<ISignalingMessage>(reservation, Apply(_ => replyTo.Tell(Deliver(relay, seq))));
        });
    }

    private RelayResult Deliver(SessionCommands.Relay relay, long seq)
    {
        _lastIssuedSeq[relay.To] = seq;
        var push = relay.Kind switch
        {
            SignalKind.Offer => new ConnectionCommands.Push(HubEvents.SdpOffer,
                new SdpEvent(_sessionId, relay.From, seq, relay.Body)),
            SignalKind.Answer => new ConnectionCommands.Push(HubEvents.SdpAnswer,
                new SdpEvent(_sessionId, relay.From, seq, relay.Body)),
            _ => new ConnectionCommands.Push(HubEvents.IceCandidate,
                new IceCandidateEvent(_sessionId, relay.From, seq, relay.Body, relay.SdpMid, relay.SdpMLineIndex)),
        };

        if (_connections.TryGetValue(relay.To, out var connection))
        {
            connection.Tell(push);
            return new RelayResult(Delivered: true, Queued: false);
        }

        if (!_undelivered.TryGetValue(relay.To, out var queue))
            _undelivered[relay.To] = queue = new Queue<ConnectionCommands.Push>();
        if (queue.Count >= _settings.MaxQueuedPerPeer) queue.Dequeue();
        queue.Enqueue(push);
        return new RelayResult(Delivered: false, Queued: true);
    }

    private long LastIssuedSeq(SessionState state, string recipient) =>
        _lastIssuedSeq.TryGetValue(recipient, out var seq) ? seq : state.ReservedSeq.GetValueOrDefault(recipient);

    private void ReplyIfLive(Action<SessionState> handle)
    {
        if (_state is null)
        {
            Sender.Tell(new CommandRejected(ErrorCodes.SessionNotFound, "no such session"));
            UpdatePassivation();
            return;
        }

        EndIfExpired();
        if (_state.IsEnded)
        {
            Sender.Tell(new CommandRejected(ErrorCodes.SessionEnded, "the session has ended"));
            return;
        }

        handle(_state);
    }

    private void EndIfExpired()
    {
        if (_state is { IsEnded: false } state && Now >= state.ExpiresAt)
            End(EndReason.TIMEOUT, () => { });
        else
            ScheduleExpiry();
    }

    private void End(EndReason reason, Action afterEnd, params ISignalingMessage[] before)
    {
        var state = _state!;
        var events = before.Append(new SessionEvents.Ended(reason, Now)).ToArray();
        PersistAll<ISignalingMessage>(events, Apply(e =>
        {
            if (e is not SessionEvents.Ended) return;
            Broadcast(HubEvents.SessionEnded, new SessionEndedEvent(_sessionId, WireNames.Of(reason)), except: null);
            foreach (var fingerprint in _connections.Keys.ToList()) Detach(fingerprint);
            _undelivered.Clear();
            Timers.Cancel(ExpiryTimer);
            _settings.InviteRegion.Tell(new InviteCommands.Release(state.InviteCode, _sessionId));
            _log.Info("Session {SessionId} ended: {Reason}", _sessionId, reason);
            afterEnd();
        }));
    }

    private void ConnectionLost(IActorRef connection)
    {
        if (!_owners.Remove(connection, out var fingerprint)) return;
        if (_connections.TryGetValue(fingerprint, out var current) && current.Equals(connection))
        {
            _connections.Remove(fingerprint);
            if (_state is { IsEnded: false }) NotifyConnectionChanged(fingerprint, connected: false);
        }

        UpdatePassivation();
    }

    private void Attach(string fingerprint, IActorRef connection)
    {
        if (_connections.TryGetValue(fingerprint, out var previous))
        {
            if (previous.Equals(connection)) return;
            _owners.Remove(previous);
            Context.Unwatch(previous);
        }

        _connections[fingerprint] = connection;
        _owners[connection] = fingerprint;
        Context.Watch(connection);
        FlushUndelivered(fingerprint, connection);
        UpdatePassivation();
    }

    private void Detach(string fingerprint)
    {
        if (!_connections.Remove(fingerprint, out var connection)) return;
        _owners.Remove(connection);
        Context.Unwatch(connection);
        _undelivered.Remove(fingerprint);
        UpdatePassivation();
    }

    private void FlushUndelivered(string fingerprint, IActorRef connection)
    {
        if (!_undelivered.Remove(fingerprint, out var queue)) return;
        foreach (var push in queue) connection.Tell(push);
    }

    private void NotifyConnectionChanged(string fingerprint, bool connected) =>
        Broadcast(HubEvents.PeerConnectionChanged,
            new PeerConnectionChangedEvent(_sessionId, fingerprint, connected), except: fingerprint);

    private void Broadcast(string method, IServerEvent payload, string? except)
    {
        var push = new ConnectionCommands.Push(method, payload);
        foreach (var (fingerprint, connection) in _connections)
            if (fingerprint != except) connection.Tell(push);
    }

    /// <summary>Applies a persisted event to the state, snapshots on policy, then runs the follow-up.</summary>
    private Action<ISignalingMessage> Apply(Action<ISignalingMessage> then) => e =>
    {
        _state = SessionState.Apply(_state, _sessionId, e);
        if (++_eventsSinceSnapshot >= _settings.Entity.SnapshotEvery && _state is not null)
        {
            _eventsSinceSnapshot = 0;
            SaveSnapshot(_state);
        }

        then(e);
    };

    private void ScheduleExpiry()
    {
        if (_state is not { IsEnded: false } state) return;
        var due = state.ExpiresAt - Now;
        Timers.StartSingleTimer(ExpiryTimer, ExpiryDue.Instance, due < TimeSpan.Zero ? TimeSpan.Zero : due);
    }

    /// <summary>Idle sessions with nobody connected leave memory; their state comes back from the journal.</summary>
    private void UpdatePassivation()
    {
        if (_connections.Count == 0) Context.SetReceiveTimeout(_settings.Entity.IdleTimeout);
        else Context.SetReceiveTimeout(null);
    }

    private SessionInfo Describe(SessionState state) => new(
        _sessionId,
        state.InviteCode,
        WireNames.Of(state.SessionType),
        WireNames.Of(state.Topology),
        WireNames.Of(state.Tier),
        state.Limits.MaxParticipants,
        state.Limits.TurnAllowed,
        state.HostFingerprint,
        state.HubFingerprint,
        WireNames.Of(state.Phase),
        WireTime.Of(state.CreatedAt),
        WireTime.Of(state.ExpiresAt),
        state.Participants.Select(ToWire).ToArray(),
        Redelivered: 0);

    private Participant ToWire(ParticipantState p) => new(p.Fingerprint, p.DeviceName, WireNames.Of(p.Role), p.Score,
        _connections.ContainsKey(p.Fingerprint), WireTime.Of(p.JoinedAt));

    private sealed record ExpiryDue
    {
        public static readonly ExpiryDue Instance = new();
    }
}
