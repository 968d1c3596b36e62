using Akka.Actor;

namespace SignalingAkka.Actors.Common;

/// <summary>
/// Props that make each actor by calling its constructor. <c>Props.Create(() => new X(...))</c> evaluates the
/// expression's arguments and picks the constructor by reflection for every actor started, which shows in the
/// cost of every new session, invite, device and connection actor.
/// </summary>
public static class ConstructorProps
{
    public static Props For<TActor>(Func<TActor> create) where TActor : ActorBase =>
        Props.CreateBy(new Producer<TActor>(create));

    private sealed class Producer<TActor>(Func<TActor> create) : IIndirectActorProducer where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => create();

        public void Release(ActorBase actor)
        {
        }
    }
}
