using Akka.Actor;
using Akka.Event;

namespace SignalingAkka.Actors.Sessions;

/// <summary>
/// A message sent straight to a session entity (see <see cref="LocalSessions"/>) in the instant it stopped lands
/// in dead letters unprocessed; this sends it on through the shard region with its sender, so an asker still
/// gets its answer: the region starts the entity again or holds the message while the shard moves, exactly as
/// for a message that took that way from the start.
/// </summary>
public sealed class SessionDeadLetterRerouter : ReceiveActor
{
    public SessionDeadLetterRerouter(IActorRef sessionRegion)
    {
        Receive<DeadLetter>(letter =>
        {
            // Only messages for an entity itself: one the region or a shard dead-lettered already took that way.
            if (letter.Message is ISessionMessage message && IsEntity(letter.Recipient))
                sessionRegion.Tell(message, letter.Sender);
        });
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    public static Props Props(IActorRef sessionRegion) => Akka.Actor.Props.Create(() => new SessionDeadLetterRerouter(sessionRegion));

    // Entities are the children of shards: /system/sharding/<type>/<shard>/<entity>.
    private static bool IsEntity(IActorRef recipient) =>
        recipient.Path.Elements is [.., "sharding", _, _, _];
}
