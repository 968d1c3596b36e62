using Akka.Actor;
using Akka.Cluster.Sharding;
using SignalingAkka.Actors.Hosting;

namespace SignalingAkka.Actors.Tests;

/// <summary>
/// A stand-in for a shard region on one node without a cluster: it routes by the production
/// <see cref="EntityMessageExtractor"/> to one child entity per id, created on first use. Like a shard,
/// it holds messages for an entity that is passivating and hands them to its next incarnation.
/// </summary>
public sealed class EntityHost : ReceiveActor
{
    private readonly Dictionary<IActorRef, List<(object Message, IActorRef Sender)>> _passivating = new();

    public EntityHost(Func<string, Props> entityProps)
    {
        var extractor = new EntityMessageExtractor(10);
        Receive<Passivate>(_ =>
        {
            if (_passivating.ContainsKey(Sender)) return;
            _passivating[Sender] = [];
            Context.Watch(Sender);
            Context.Stop(Sender);
        });
        Receive<Terminated>(terminated =>
        {
            if (!_passivating.Remove(terminated.ActorRef, out var held)) return;
            foreach (var (message, sender) in held) Self.Tell(message, sender);
        });
        ReceiveAny(message =>
        {
            var id = extractor.EntityId(message)
                     ?? throw new InvalidOperationException($"{message.GetType().Name} names no entity");
            var name = Uri.EscapeDataString(id);
            var child = Context.Child(name);
            if (!child.IsNobody() && _passivating.TryGetValue(child, out var held))
            {
                held.Add((message, Sender));
                return;
            }

            if (child.IsNobody()) child = Context.ActorOf(entityProps(id), name);
            child.Forward(message);
        });
    }

    public static Props Props(Func<string, Props> entityProps) =>
        Akka.Actor.Props.Create(() => new EntityHost(entityProps));
}
