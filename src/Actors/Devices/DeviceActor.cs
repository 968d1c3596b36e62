using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Persistence;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Devices;

/// <summary>
/// The identity of one device (sharded by fingerprint): its public key, name and blocked flag.
/// The key is fixed at first registration; another key for the same fingerprint is refused.
/// </summary>
public sealed class DeviceActor : ReceivePersistentActor
{
    private readonly string _fingerprint;
    private readonly TimeProvider _clock;
    private readonly EntitySettings _settings;
    private readonly IReadModelSink _readModel;
    private DeviceState? _state;
    private int _eventsSinceSnapshot;

    public DeviceActor(string fingerprint, TimeProvider clock, EntitySettings settings, IReadModelSink readModel)
    {
        _fingerprint = fingerprint;
        _clock = clock;
        _settings = settings;
        _readModel = readModel;
        PersistenceId = "device-" + fingerprint;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is DeviceState snapshot) _state = snapshot;
        });
        Recover<ISignalingMessage>(e => _state = DeviceState.Apply(_state, _fingerprint, e));

        Command<DeviceCommands.Register>(Handle);
        Command<DeviceCommands.Get>(_ =>
        {
            if (_state is not null)
            {
                Sender.Tell(_state.ToFound());
                return;
            }

            // Every connection of an unregistered device asks once; keeping an empty entity for each would
            // cost memory per idle connection for nothing. A Register that follows starts it again.
            Sender.Tell(new DeviceQueries.DeviceUnknown(_fingerprint));
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        });
        Command<DeviceCommands.SetBlocked>(Handle);
        Command<SaveSnapshotSuccess>(s =>
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
        Command<ReceiveTimeout>(_ => Context.Parent.Tell(new Passivate(PoisonPill.Instance)));
    }

    public override string PersistenceId { get; }

    public static Props Props(string fingerprint, TimeProvider clock, EntitySettings settings, IReadModelSink readModel) =>
        ConstructorProps.For(() => new DeviceActor(fingerprint, clock, settings, readModel));

    protected override void PreStart()
    {
        base.PreStart();
        Context.SetReceiveTimeout(_settings.IdleTimeout);
    }

    private void Handle(DeviceCommands.Register command)
    {
        var now = _clock.GetUtcNow();
        if (_state is null)
        {
            var registered = new DeviceEvents.Registered(Guid.NewGuid().ToString(), command.PublicKey,
                command.DeviceName, command.Platform, command.DeviceType, command.UserId, now);
            PersistAndApply(registered, () => Sender.Tell(new RegisterDeviceResult(_state!.DeviceId, true)));
            return;
        }

        if (_state.PublicKey != command.PublicKey)
        {
            Sender.Tell(new CommandRejected(ErrorCodes.KeyMismatch,
                "this fingerprint is registered with another public key"));
            return;
        }

        if (_state.Blocked)
        {
            Sender.Tell(new CommandRejected(ErrorCodes.DeviceBlocked, "this device is blocked"));
            return;
        }

        var unchanged = _state.DeviceName == command.DeviceName && _state.Platform == command.Platform
            && _state.DeviceType == command.DeviceType && _state.UserId == command.UserId;
        if (unchanged)
        {
            // Still recorded: a row lost before, or a device registered before the read model existed, comes back.
            RecordInReadModel(new DeviceEvents.DetailsUpdated(command.DeviceName, command.Platform, command.DeviceType,
                command.UserId, now));
            Sender.Tell(new RegisterDeviceResult(_state.DeviceId, false));
            return;
        }

        var updated = new DeviceEvents.DetailsUpdated(command.DeviceName, command.Platform, command.DeviceType,
            command.UserId, now);
        PersistAndApply(updated, () => Sender.Tell(new RegisterDeviceResult(_state!.DeviceId, false)));
    }

    private void Handle(DeviceCommands.SetBlocked command)
    {
        if (_state is null)
        {
            Sender.Tell(new CommandRejected(ErrorCodes.NotRegistered, "no device has this fingerprint"));
            return;
        }

        if (_state.Blocked == command.Blocked)
        {
            Sender.Tell(EmptyResult.Instance);
            return;
        }

        PersistAndApply(new DeviceEvents.BlockChanged(command.Blocked, _clock.GetUtcNow()),
            () => Sender.Tell(EmptyResult.Instance));
    }

    private void PersistAndApply<TEvent>(TEvent @event, Action afterApply) where TEvent : ISignalingMessage
    {
        Persist(@event, e =>
        {
            _state = DeviceState.Apply(_state, _fingerprint, e);
            RecordInReadModel(e);
            afterApply();
            if (++_eventsSinceSnapshot >= _settings.SnapshotEvery && _state is not null)
            {
                _eventsSinceSnapshot = 0;
                SaveSnapshot(_state);
            }
        });
    }

    private void RecordInReadModel(ISignalingMessage @event)
    {
        if (_state is not { } device) return;
        _readModel.Record(@event switch
        {
            DeviceEvents.BlockChanged e => new DeviceBlockChanged(_fingerprint, e.Blocked, e.At),
            _ => new DeviceUpserted(device.DeviceId, _fingerprint, device.PublicKey, device.DeviceName, device.Platform,
                device.DeviceType, device.UserId, _clock.GetUtcNow()),
        });
    }
}
