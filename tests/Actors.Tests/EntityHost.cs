using Akka.Actor;
using Akka.Cluster.Sharding;
using SignalingAkka.Actors.Hosting;

namespace SignalingAkka.Actors.Tests;

/// <summary>
/// A stand-in for a shard region on one node without a cluster: it routes by the production
/// <see cref="EntityMessageExtractor"/> to one child entity per id, created on first use.
/// </summary>
public sealed class EntityHost : ReceiveActor
{
    public EntityHost(Func<string, Props> entityProps)
    {
        var extractor = new EntityMessageExtractor(10);
        Receive<Passivate>(_ => Context.Stop(Sender));
        ReceiveAny(message =>
        {
            var id = extractor.EntityId(message)
                     ?? throw new InvalidOperationException($"{message.GetType().Name} names no entity");
            var name = Uri.EscapeDataString(id);
            var child = Context.Child(name);
            if (child.IsNobody()) child = Context.ActorOf(entityProps(id), name);
            child.Forward(message);
        });
    }

    public static Props Props(Func<string, Props> entityProps) =>
        Akka.Actor.Props.Create(() => new EntityHost(entityProps));
}
