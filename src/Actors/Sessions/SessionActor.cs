using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Sessions;

/// <summary>
/// One session (sharded by session id): its participants, the hub, and the relay of SDP/ICE between
/// participants, numbered per recipient. Membership, hub changes and messages held for disconnected
/// recipients are persisted; sockets are <see cref="ConnectionActor"/>s it watches, so a dropped socket
/// is noticed wherever it lived. A dropped participant has a grace period to rejoin and get what it missed.
/// </summary>
/// <remarks>
/// Handlers are a switch over the message, not ReceivePersistentActor's registrations: every new session built
/// those (a handler list, compiled-delegate lookups and generic types made by reflection) in its constructor,
/// about a tenth of what a churn cycle allocated.
/// </remarks>
public sealed class SessionActor : PersistentActor, IWithTimers
{
    private const string TickTimer = "tick";

    private readonly string _sessionId;
    private readonly SessionSettings _settings;
    private readonly Dictionary<string, ClientRoute> _connections = new();
    private readonly Dictionary<IActorRef, string> _owners = new();
    private readonly Dictionary<string, DateTimeOffset> _disconnectedSince = new();
    private readonly Dictionary<string, SeqCounter> _seqs = new();
    private readonly Dictionary<string, RecentPushes> _recentlyPushed = new();
    private static readonly RelayResult DeliveredResult = new(Delivered: true, Queued: false);
    private static readonly RelayResult QueuedResult = new(Delivered: false, Queued: true);

    private readonly HashSet<string> _members = new();
    private IReadOnlyList<ParticipantState>? _indexedParticipants;
    private SessionState? _state;
    private int _eventsSinceSnapshot;
    private bool _handingOff;

    public SessionActor(string sessionId, SessionSettings settings)
    {
        _sessionId = sessionId;
        _settings = settings;
        PersistenceId = "session-" + sessionId;
    }

    protected override bool ReceiveRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer offer:
                _state = offer.Snapshot as SessionState;
                return true;
            case SessionEvents.PushedSaved saved:
                RememberPushed(saved.Recipient, saved.Messages);
                return true;
            case ISignalingMessage e:
                _state = SessionState.Apply(_state, _sessionId, e);
                return true;
            case RecoveryCompleted:
                return true;
            default:
                return false;
        }
    }

    protected override bool ReceiveCommand(object message)
    {
        switch (message)
        {
            // Relays come first: they are nearly all the traffic.
            case SessionCommands.Relay relay:
                Handle(relay);
                return true;
            case SessionCommands.Create create:
                Handle(create);
                return true;
            case SessionCommands.Join join:
                Handle(join);
                return true;
            case SessionCommands.Rejoin rejoin:
                Handle(rejoin);
                return true;
            case SessionCommands.Leave leave:
                Handle(leave);
                return true;
            case SessionCommands.UpdateScore update:
                Handle(update);
                return true;
            case SessionCommands.GetInfo:
                IfOpen(state => Sender.Tell(Describe(state)));
                return true;
            case SessionCommands.Wake:
                OnWake();
                return true;
            case SessionCommands.HandOff:
                HandOff();
                return true;
            case Terminated terminated:
                ConnectionLost(terminated.ActorRef);
                return true;
            case Tick:
                OnTick();
                return true;
            case SaveSnapshotSuccess saved:
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
                DeleteMessages(saved.Metadata.SequenceNr);
                return true;
            case SaveSnapshotFailure failed:
                Log.Warning(failed.Cause, "Snapshot of session {SessionId} failed", _sessionId);
                return true;
            case DeleteSnapshotsFailure failed:
                Log.Warning(failed.Cause, "Deleting old snapshots of session {SessionId} failed", _sessionId);
                return true;
            case DeleteMessagesFailure failed:
                Log.Warning(failed.Cause, "Deleting events of session {SessionId} failed", _sessionId);
                return true;
            case DeleteSnapshotsSuccess or DeleteMessagesSuccess:
                return true;
            case ReceiveTimeout:
                Context.Parent.Tell(new Passivate(SessionCommands.HandOff.Instance));
                return true;
            default:
                return false;
        }
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string sessionId, SessionSettings settings) =>
        ConstructorProps.For(() => new SessionActor(sessionId, settings));

    private DateTimeOffset Now => _settings.Clock.GetUtcNow();

    private SessionPolicy Policy => _settings.Policy;

    protected override void OnReplaySuccess()
    {
        IndexMembers();
        if (_state is { IsClosed: false } state)
        {
            // Sockets do not survive a restart: everyone is disconnected and has the grace period to rejoin.
            var now = Now;
            foreach (var participant in state.Participants) _disconnectedSince[participant.Fingerprint] = now;
            Timers.StartPeriodicTimer(TickTimer, Tick.Instance, Policy.TickInterval);
        }

        UpdatePassivation();
    }

    private void Handle(SessionCommands.Create create)
    {
        if (_state is not null)
        {
            // The code is taken for good once a session wrote it; only a repeated request of its host is answered.
            var sameRequest = !_state.IsClosed && _state.InviteCode == create.InviteCode
                && _state.HostFingerprint == create.Host.Fingerprint;
            if (sameRequest) Sender.Tell(Describe(_state));
            else Sender.Tell(new SessionReplies.InviteCodeTaken(create.InviteCode));
            return;
        }

        if (InviteSessionIds.Of(create.InviteCode) != _sessionId)
        {
            // Joins find a session by its code's id only, so a session under any other id could never be joined.
            Sender.Tell(new CommandRejected(ErrorCodes.Internal, "the session id is not the one its invite code derives"));
            PassivateNow();
            return;
        }

        var now = Now;
        var host = create.Host;
        var created = new SessionEvents.Created(create.InviteCode, host.Fingerprint, create.SessionType,
            create.Topology, create.Tier, create.HostUserId, now, now + TierLimits.For(create.Tier).Lifetime);
        var hostJoined = new SessionEvents.ParticipantJoined(host.Fingerprint, host.DeviceName, ParticipantRole.HOST,
            host.Score ?? 0, now);
        var replyTo = Sender;
        PersistThen([created, hostJoined], () =>
        {
            var state = _state!;
            Attach(host.Fingerprint, host.Connection);
            Timers.StartPeriodicTimer(TickTimer, Tick.Instance, Policy.TickInterval);
            _settings.ReadModel.Record(new SessionStarted(_sessionId, state.SessionType, host.Fingerprint,
                state.HostUserId, state.Tier, now));
            RecordJoined(state.Find(host.Fingerprint)!, state);
            replyTo.Tell(Describe(state));
        });
    }

    private void Handle(SessionCommands.Join join)
    {
        // A code resolves only to a live session; TryOpen still ends one found expired.
        if (_state is null) PassivateNow(); // an unknown code started this entity for nothing
        if (_state is null || _state.InviteCode != join.InviteCode || !TryOpen(out var state, ActorRefs.Nobody))
        {
            Sender.Tell(new CommandRejected(ErrorCodes.InviteNotFound, "no live session has this invite code"));
            return;
        }

        var guest = join.Guest;
        if (state.Find(guest.Fingerprint) is not null)
        {
            Resume(guest, lastSeq: null, Sender);
            return;
        }

        if (state.Limits.MaxParticipants is { } max && state.Participants.Count >= max)
        {
            Sender.Tell(new CommandRejected(ErrorCodes.SessionFull, $"the {state.Tier} tier allows {max} participants"));
            return;
        }

        var joined = new SessionEvents.ParticipantJoined(guest.Fingerprint, guest.DeviceName,
            ParticipantRole.GUEST, guest.Score ?? 0, Now);
        var replyTo = Sender;
        PersistThen([joined], () =>
        {
            Attach(guest.Fingerprint, guest.Connection);
            var participant = _state!.Find(guest.Fingerprint)!;
            Broadcast(HubEvents.PeerJoined, new PeerJoinedEvent(_sessionId, ToWire(participant)), except: guest.Fingerprint);
            RecordJoined(participant, _state);
            Elect(() => replyTo.Tell(Describe(_state!)));
        });
    }

    private void Handle(SessionCommands.Rejoin rejoin)
    {
        IfOpen(state =>
        {
            if (state.Find(rejoin.Participant.Fingerprint) is null)
            {
                Sender.Tell(new CommandRejected(ErrorCodes.NotInSession, "you are not in this session"));
                return;
            }

            Resume(rejoin.Participant, rejoin.LastSeq, Sender);
        });
    }

    /// <summary>
    /// A participant is back on a new connection: it replaces any older one, and every held message above
    /// lastSeq (all queued ones when null) goes out before the reply, in seq order, each once.
    /// </summary>
    private void Resume(Entrant entrant, long? lastSeq, IActorRef replyTo)
    {
        var state = _state!;
        var fingerprint = entrant.Fingerprint;
        var highestIssued = LastIssuedSeq(state, fingerprint);
        if (lastSeq < 0 || lastSeq > highestIssued)
        {
            replyTo.Tell(new CommandRejected(ErrorCodes.InvalidArgument,
                $"lastSeq must be between 0 and {highestIssued}, the highest seq sent to you"));
            return;
        }

        var held = HeldFor(state, fingerprint, lastSeq);
        var events = new List<ISignalingMessage>();
        if (state.QueueOf(fingerprint).Count > 0)
            events.Add(new SessionEvents.QueueDelivered(fingerprint, state.QueueOf(fingerprint).Max(m => m.Seq)));
        if (entrant.Score is { } score && score != state.Find(fingerprint)!.Score)
            events.Add(new SessionEvents.ScoreChanged(fingerprint, score));

        PersistThen(events, () =>
        {
            var wasConnected = _connections.ContainsKey(fingerprint);
            Attach(fingerprint, entrant.Connection);
            RememberPushed(fingerprint, held);
            if (!wasConnected) NotifyConnectionChanged(fingerprint, connected: true);
            Elect(() =>
            {
                var reply = Describe(_state!) with { Redelivered = held.Count };
                _connections[fingerprint].Redeliver(held.Select(ToPush).ToArray(), reply, replyTo);
            });
        });
    }

    private void Handle(SessionCommands.Leave leave)
    {
        IfOpen(state =>
        {
            if (state.Find(leave.Fingerprint) is null)
            {
                Sender.Tell(new CommandRejected(ErrorCodes.NotInSession, "you are not in this session"));
                return;
            }

            var replyTo = Sender;
            Remove(leave.Fingerprint, LeaveReason.LEFT, () => replyTo.Tell(EmptyResult.Instance));
        });
    }

    /// <summary>
    /// The hot path: no closures, set lookups for membership, a journal write once per seq block. A relay sent
    /// without asking for a result is answered to nobody, errors included.
    /// </summary>
    private void Handle(SessionCommands.Relay relay)
    {
        var replyTo = relay.ResultWanted ? Sender : ActorRefs.Nobody;
        if (!TryOpen(out var state, replyTo)) return;
        if (!_members.Contains(relay.From))
        {
            replyTo.Tell(new CommandRejected(ErrorCodes.NotInSession, "you are not in this session"));
            return;
        }

        if (relay.To == relay.From)
        {
            replyTo.Tell(new CommandRejected(ErrorCodes.InvalidArgument, "to must be another participant"));
            return;
        }

        if (!_members.Contains(relay.To))
        {
            replyTo.Tell(new CommandRejected(ErrorCodes.PeerNotInSession, "the target is not in this session"));
            return;
        }

        var counter = SeqOf(state, relay.To);
        var seq = counter.LastIssued + 1;
        if (seq <= counter.Reserved)
        {
            Deliver(relay, counter, seq, replyTo);
            ReserveAhead(relay.To, counter);
            return;
        }

        // The block ran out before the next one was written (or none was begun): this relay, and every
        // command after it, waits for the write.
        var reservation = new SessionEvents.SeqReserved(relay.To, seq - 1 + Policy.SeqBlockSize);
        PersistThen([reservation], () =>
        {
            counter.Reserved = Math.Max(counter.Reserved, reservation.UpTo);
            Deliver(relay, counter, seq, replyTo);
        });
    }

    /// <summary>
    /// Once half of a recipient's block is issued, the next block is written without holding up any command, so
    /// that relays do not wait for the journal when the block runs out. A number is issued only once the block
    /// holding it is written, so none is reused after a crash.
    /// </summary>
    private void ReserveAhead(string recipient, SeqCounter counter)
    {
        if (counter.Reserving || counter.Reserved - counter.LastIssued > Policy.SeqBlockSize / 2) return;
        counter.Reserving = true;
        PersistAsync(new SessionEvents.SeqReserved(recipient, counter.Reserved + Policy.SeqBlockSize), written =>
        {
            ApplyAndCount(written);
            counter.Reserving = false;
            counter.Reserved = Math.Max(counter.Reserved, written.UpTo);
        });
    }

    private void Deliver(SessionCommands.Relay relay, SeqCounter counter, long seq, IActorRef replyTo)
    {
        counter.LastIssued = seq;
        var message = new HeldMessage(seq, relay.Kind, relay.From, relay.Body, relay.SdpMid, relay.SdpMLineIndex, Now);
        if (_connections.TryGetValue(relay.To, out var connection))
        {
            connection.Send(ToPush(message));
            RecentPushesOf(relay.To).Add(message);
            replyTo.Tell(DeliveredResult);
            return;
        }

        // Applied before it is written, so a rejoin handled meanwhile already finds it; the sender hears
        // "queued" only once it is durable.
        var queued = new SessionEvents.MessageQueued(relay.To, message);
        ApplyAndCount(queued);
        PersistAsync(queued, _ => replyTo.Tell(QueuedResult));
    }

    private void Handle(SessionCommands.UpdateScore update)
    {
        if (_state is not { IsClosed: false } state || state.Find(update.Fingerprint) is not { } participant) return;
        if (participant.Score == update.Score) return;
        PersistThen([new SessionEvents.ScoreChanged(update.Fingerprint, update.Score)], () => Elect(() => { }));
    }

    /// <summary>Removes a participant; the host's departure ends the session.</summary>
    private void Remove(string fingerprint, LeaveReason reason, Action then)
    {
        var state = _state!;
        var left = new SessionEvents.ParticipantLeft(fingerprint, reason, Now);
        Detach(fingerprint);
        if (fingerprint == state.HostFingerprint)
        {
            // The session ends with its host in it: the final participant count includes the host.
            End(reason == LeaveReason.LEFT ? EndReason.HOST_LEFT : EndReason.TIMEOUT, then);
            return;
        }

        PersistThen([left], () =>
        {
            Broadcast(HubEvents.PeerLeft, new PeerLeftEvent(_sessionId, fingerprint, WireNames.Of(reason)), except: null);
            _settings.ReadModel.Record(new ParticipantLeftSession(_sessionId, fingerprint, left.At, _state!.Participants.Count));
            Elect(then);
        });
    }

    /// <summary>Ends the session: one journal write (Ended), after which its invite code no longer resolves.</summary>
    private void End(EndReason reason, Action then) =>
        PersistThen([new SessionEvents.Ended(reason, Now)], () =>
        {
            Announce(reason);
            CompleteEnd();
            then();
        });

    /// <summary>Tells everyone the session ended and lets go of their connections.</summary>
    private void Announce(EndReason reason)
    {
        Broadcast(HubEvents.SessionEnded, new SessionEndedEvent(_sessionId, WireNames.Of(reason)), except: null);
        foreach (var fingerprint in _connections.Keys.ToList()) Detach(fingerprint);
        _disconnectedSince.Clear();
        _recentlyPushed.Clear();
        UpdatePassivation();
    }

    /// <summary>
    /// Ended is written: the fact goes to the read model and the entity passivates at once. Holding ended sessions for the idle timeout kept minutes of churn in the heap, and a late
    /// command still gets its answer from the recovered session.
    /// </summary>
    private void CompleteEnd()
    {
        Timers.Cancel(TickTimer);
        var ended = _state!;
        RecordEnd(ended);
        // The persistent actor's own Log is made on first use (its source is the actor's path, worked out anew for
        // every session): the check keeps a session that ends quietly from making it.
        if (Context.System.Log.IsDebugEnabled) Log.Debug("Session {SessionId} ended: {Reason}", _sessionId, ended.EndReason);
        PassivateNow();
    }

    private void RecordEnd(SessionState ended)
    {
        var duration = (int)Math.Max(0, (ended.EndedAt!.Value - ended.CreatedAt).TotalSeconds);
        _settings.ReadModel.Record(new SessionEndedRecord(_sessionId, ended.EndReason!.Value, ended.EndedAt.Value,
            duration, ended.Participants.Count, ended.HubMigrationCount));
    }

    /// <summary>
    /// The read model lists this session as open. Recovery has already started an open one's grace periods and
    /// expiry; an ended one was missed by the read model (its end recorded, then the process stopped), so its end is
    /// recorded again, which writes the same row.
    /// </summary>
    private void OnWake()
    {
        if (_state is { IsClosed: false }) return;
        if (_state is not null) RecordEnd(_state);
        PassivateNow();
    }

    private void PassivateNow() => Context.Parent.Tell(new Passivate(SessionCommands.HandOff.Instance));

    /// <summary>Elects the hub; a change is persisted and announced to everyone before <paramref name="then"/> runs.</summary>
    private void Elect(Action then)
    {
        var state = _state!;
        if (state.IsClosed || HubElection.Challenger(state, _connections.ContainsKey, Policy.HubHysteresis) is not { } challenger)
        {
            then();
            return;
        }

        var previous = state.HubFingerprint;
        PersistThen([new SessionEvents.HubChanged(challenger.Fingerprint, previous, challenger.Score, Now)], () =>
        {
            var changed = _state!;
            Broadcast(HubEvents.HubChanged,
                new HubChangedEvent(_sessionId, challenger.Fingerprint, previous, challenger.Score), except: null);
            _settings.ReadModel.Record(new HubMigrated(_sessionId, previous, challenger.Fingerprint, changed.HubMigrationCount));
            then();
        });
    }

    private void OnTick()
    {
        if (_state is not { IsClosed: false } state) return;

        var now = Now;
        if (now >= state.ExpiresAt)
        {
            End(EndReason.TIMEOUT, () => { });
            return;
        }

        var expired = _disconnectedSince.Where(d => now - d.Value >= Policy.GracePeriod).Select(d => d.Key).ToList();
        foreach (var fingerprint in expired)
        {
            _disconnectedSince.Remove(fingerprint);
            if (_state is { IsClosed: false } current && current.Find(fingerprint) is not null)
                Remove(fingerprint, LeaveReason.TIMEOUT, () => { });
        }
    }

    private void ConnectionLost(IActorRef connection)
    {
        if (!_owners.Remove(connection, out var fingerprint)) return;
        if (!_connections.TryGetValue(fingerprint, out var current) || !current.Actor.Equals(connection)) return;
        _connections.Remove(fingerprint);
        if (_state is not { IsClosed: false }) return;
        _disconnectedSince[fingerprint] = Now;
        NotifyConnectionChanged(fingerprint, connected: false);
        Elect(() => { });
        UpdatePassivation();
    }

    /// <summary>Checkpoints exact seq numbers and recent pushes, so a graceful move or restart loses nothing.</summary>
    private void HandOff()
    {
        // From here on relays take the shard region, which holds them until the session is started again.
        _handingOff = true;
        UpdateDirectRoute();
        if (_state is not { IsClosed: false } state)
        {
            Context.Stop(Self);
            return;
        }

        var events = new List<ISignalingMessage>();
        // Numbering goes on after the last number issued, whatever blocks were written, or are being written, ahead.
        foreach (var (fingerprint, counter) in _seqs)
            if (counter.Reserving || counter.LastIssued < state.ReservedSeq.GetValueOrDefault(fingerprint))
                events.Add(new SessionEvents.SeqReserved(fingerprint, counter.LastIssued));
        foreach (var (fingerprint, pushed) in _recentlyPushed)
            if (pushed.Count > 0 && state.Find(fingerprint) is not null)
                events.Add(new SessionEvents.PushedSaved(fingerprint, pushed.ToArray()));
        PersistThen(events, () => Context.Stop(Self));
    }

    private void Attach(string fingerprint, IActorRef connection)
    {
        if (_connections.TryGetValue(fingerprint, out var previous))
        {
            if (previous.Actor.Equals(connection)) return;
            _owners.Remove(previous.Actor);
            Context.Unwatch(previous.Actor);
            previous.Actor.Tell(new ConnectionCommands.Replace("a newer connection of this device rejoined the session"));
        }

        _connections[fingerprint] = ClientRoute.To(connection, _settings.Clients);
        _owners[connection] = fingerprint;
        _disconnectedSince.Remove(fingerprint);
        Context.Watch(connection);
        UpdatePassivation();
    }

    private void Detach(string fingerprint)
    {
        _disconnectedSince.Remove(fingerprint);
        _recentlyPushed.Remove(fingerprint);
        if (!_connections.Remove(fingerprint, out var route)) return;
        _owners.Remove(route.Actor);
        Context.Unwatch(route.Actor);
        UpdatePassivation();
    }

    /// <summary>Queued messages not yet expired plus recent pushes, above lastSeq (queued only when null), by seq, once each.</summary>
    private List<HeldMessage> HeldFor(SessionState state, string fingerprint, long? lastSeq)
    {
        var oldest = Now - Protocol.Limits.QueuedMessageTtl;
        IEnumerable<HeldMessage> held = state.QueueOf(fingerprint).Where(m => m.At >= oldest);
        if (lastSeq is { } last && _recentlyPushed.TryGetValue(fingerprint, out var pushed))
            held = held.Concat(pushed.ToArray());
        return held.Where(m => m.Seq > (lastSeq ?? 0)).GroupBy(m => m.Seq).Select(g => g.First()).OrderBy(m => m.Seq).ToList();
    }

    private void RememberPushed(string fingerprint, IEnumerable<HeldMessage> messages) =>
        RecentPushesOf(fingerprint).AddRange(messages);

    private RecentPushes RecentPushesOf(string fingerprint)
    {
        if (!_recentlyPushed.TryGetValue(fingerprint, out var ring))
            _recentlyPushed[fingerprint] = ring = new RecentPushes(Protocol.Limits.RecentPushedPerPeer);
        return ring;
    }

    private ConnectionCommands.Push ToPush(HeldMessage m) => m.Kind switch
    {
        SignalKind.Offer => new ConnectionCommands.Push(HubEvents.SdpOffer, new SdpEvent(_sessionId, m.From, m.Seq, m.Body)),
        SignalKind.Answer => new ConnectionCommands.Push(HubEvents.SdpAnswer, new SdpEvent(_sessionId, m.From, m.Seq, m.Body)),
        _ => new ConnectionCommands.Push(HubEvents.IceCandidate,
            new IceCandidateEvent(_sessionId, m.From, m.Seq, m.Body, m.SdpMid, m.SdpMLineIndex)),
    };

    private long LastIssuedSeq(SessionState state, string recipient) =>
        _seqs.TryGetValue(recipient, out var counter) ? counter.LastIssued : state.ReservedSeq.GetValueOrDefault(recipient);

    /// <summary>
    /// A recipient's seq numbers: one lookup per relay. After a restart numbering continues above the last
    /// reserved block, so no number is ever issued twice.
    /// </summary>
    private SeqCounter SeqOf(SessionState state, string recipient)
    {
        if (_seqs.TryGetValue(recipient, out var counter)) return counter;
        var reserved = state.ReservedSeq.GetValueOrDefault(recipient);
        return _seqs[recipient] = new SeqCounter { LastIssued = reserved, Reserved = reserved };
    }

    private void IfOpen(Action<SessionState> handle)
    {
        if (TryOpen(out var state)) handle(state);
    }

    /// <summary>True when the session exists and accepts calls; otherwise the sender has its error.</summary>
    private bool TryOpen(out SessionState state) => TryOpen(out state, Sender);

    private bool TryOpen(out SessionState state, IActorRef replyTo)
    {
        state = _state!;
        if (_state is null)
        {
            replyTo.Tell(new CommandRejected(ErrorCodes.SessionNotFound, "no such session"));
            UpdatePassivation();
            return false;
        }

        var expired = !_state.IsClosed && Now >= _state.ExpiresAt;
        if (expired) End(EndReason.TIMEOUT, () => { });
        if (expired || _state.IsClosed)
        {
            replyTo.Tell(new CommandRejected(ErrorCodes.SessionEnded, "the session has ended"));
            return false;
        }

        return true;
    }

    private void NotifyConnectionChanged(string fingerprint, bool connected) =>
        Broadcast(HubEvents.PeerConnectionChanged,
            new PeerConnectionChangedEvent(_sessionId, fingerprint, connected), except: fingerprint);

    private void Broadcast(string method, IServerEvent payload, string? except)
    {
        var push = new ConnectionCommands.Push(method, payload);
        foreach (var (fingerprint, connection) in _connections)
            if (fingerprint != except) connection.Send(push);
    }

    private void RecordJoined(ParticipantState participant, SessionState state) =>
        _settings.ReadModel.Record(new ParticipantJoinedSession(_sessionId, participant.Fingerprint, participant.Role,
            participant.Fingerprint == state.HostFingerprint, participant.Score, participant.JoinedAt, state.Participants.Count));

    /// <summary>Persists the events in order, applying each, then runs <paramref name="then"/> once.</summary>
    private void PersistThen(IReadOnlyList<ISignalingMessage> events, Action then)
    {
        if (events.Count == 0)
        {
            then();
            return;
        }

        var remaining = events.Count;
        PersistAll(events, e =>
        {
            ApplyAndCount(e);
            if (--remaining == 0) then();
        });
    }

    private void ApplyAndCount(ISignalingMessage e)
    {
        _state = SessionState.Apply(_state, _sessionId, e);
        IndexMembers();
        if (++_eventsSinceSnapshot < _settings.Entity.SnapshotEvery || _state is null) return;
        _eventsSinceSnapshot = 0;
        SaveSnapshot(_state);
    }

    /// <summary>Keeps the participant set in step with the state; membership changes are rare, relays many.</summary>
    private void IndexMembers()
    {
        if (_state is null || ReferenceEquals(_indexedParticipants, _state.Participants)) return;
        _indexedParticipants = _state.Participants;
        _members.Clear();
        foreach (var participant in _state.Participants) _members.Add(participant.Fingerprint);
    }

    /// <summary>Sessions stay in memory while anyone is connected or may still rejoin; then they passivate.</summary>
    private void UpdatePassivation()
    {
        var idle = _connections.Count == 0 && _disconnectedSince.Count == 0;
        Context.SetReceiveTimeout(idle ? _settings.Entity.IdleTimeout : null);
        UpdateDirectRoute();
    }

    /// <summary>Listed for direct relays only while open with a client connected: such a session does not passivate.</summary>
    private void UpdateDirectRoute()
    {
        if (_settings.Sessions is not { } sessions) return;
        if (!_handingOff && _state is { IsClosed: false } && _connections.Count > 0) sessions.Add(_sessionId, Self);
        else sessions.Remove(_sessionId, Self);
    }

    protected override void PostStop()
    {
        _settings.Sessions?.Remove(_sessionId, Self);
        base.PostStop();
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

    private sealed class SeqCounter
    {
        public long LastIssued;

        /// <summary>The highest number of the blocks written so far.</summary>
        public long Reserved;

        /// <summary>Whether the next block is being written.</summary>
        public bool Reserving;
    }

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }
}
