using Akka.Actor;
using Akka.Event;

namespace SignalingAkka.Actors.Sessions;

/// <summary>
/// A relay told straight to a session entity (see <see cref="LocalSessions"/>) in the instant it stopped lands
/// in dead letters; this sends it on through the shard region, which starts the entity again or holds the
/// message while the shard moves, exactly as for a relay that took that way from the start.
/// </summary>
public sealed class RelayDeadLetterRerouter : ReceiveActor
{
    public RelayDeadLetterRerouter(IActorRef sessionRegion)
    {
        Receive<DeadLetter>(letter =>
        {
            // Only relays told to an entity itself: one the region or a shard dead-lettered already took that way.
            if (letter.Message is SessionCommands.Relay relay && !relay.ResultWanted && IsEntity(letter.Recipient))
                sessionRegion.Tell(relay, ActorRefs.Nobody);
        });
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    public static Props Props(IActorRef sessionRegion) => Akka.Actor.Props.Create(() => new RelayDeadLetterRerouter(sessionRegion));

    // Entities are the children of shards: /system/sharding/<type>/<shard>/<entity>.
    private static bool IsEntity(IActorRef recipient) =>
        recipient.Path.Elements is [.., "sharding", _, _, _];
}
