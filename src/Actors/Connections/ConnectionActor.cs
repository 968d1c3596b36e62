using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using SignalingAkka.Actors.Common;

namespace SignalingAkka.Actors.Connections;

/// <summary>
/// Stands for one SignalR connection on the node the client reached. Sessions and devices hold
/// its <see cref="IActorRef"/> and watch it; it forwards their events to the client in the order
/// it received them. SignalR does not order concurrent sends, so one pump awaits them one by one.
/// </summary>
public sealed class ConnectionActor : ReceiveActor
{
    private readonly string _connectionId;
    private readonly IClientPusher _pusher;
    private readonly Channel<object> _outbox =
        Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ConnectionActor(string connectionId, IClientPusher pusher)
    {
        _connectionId = connectionId;
        _pusher = pusher;
        Receive<ConnectionCommands.Push>(push => _outbox.Writer.TryWrite(push));
        Receive<ConnectionCommands.Redeliver>(redeliver =>
        {
            foreach (var push in redeliver.Pushes) _outbox.Writer.TryWrite(push);
            _outbox.Writer.TryWrite(redeliver);
        });
        Receive<ConnectionCommands.Replace>(replace =>
        {
            _log.Info("Connection {ConnectionId} replaced: {Reason}", _connectionId, replace.Reason);
            _pusher.Abort(_connectionId);
            Context.Stop(Self);
        });
    }

    public static Props Props(string connectionId, IClientPusher pusher) =>
        Akka.Actor.Props.Create(() => new ConnectionActor(connectionId, pusher));

    protected override void PreStart() => _ = PumpAsync(Self, _stopping.Token);

    protected override void PostStop()
    {
        _outbox.Writer.TryComplete();
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task PumpAsync(IActorRef self, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in _outbox.Reader.ReadAllAsync(cancellationToken))
            {
                if (item is ConnectionCommands.Push push)
                    await _pusher.PushAsync(_connectionId, push.Method, push.Payload, cancellationToken);
                else if (item is ConnectionCommands.Redeliver redeliver)
                    redeliver.ReplyTo.Tell(redeliver.Reply);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection closed; undelivered events are recovered by the client's rejoin.
        }
        catch (Exception e)
        {
            // A socket that cannot be written is as good as closed: stopping tells every watching
            // session, which then queues for the device until it rejoins.
            _log.Warning(e, "Push to connection {ConnectionId} failed", _connectionId);
            self.Tell(PoisonPill.Instance);
        }
    }
}
