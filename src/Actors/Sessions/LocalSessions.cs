using System.Collections.Concurrent;
using Akka.Actor;

namespace SignalingAkka.Actors.Sessions;

/// <summary>
/// Session entities of this node that have a client connected. Messages for such a session (relays, joins,
/// leaves, rejoins) go to its entity directly, skipping the shard region and the shard (two mailbox hops per
/// message). An entity is listed only while it cannot passivate (a client is connected) and leaves the list
/// before it hands off or stops; a message that still reaches a stopped entity is sent on through the shard
/// region by <see cref="SessionDeadLetterRerouter"/>.
/// </summary>
public sealed class LocalSessions
{
    private readonly ConcurrentDictionary<string, IActorRef> _entities = new(StringComparer.Ordinal);

    public void Add(string sessionId, IActorRef entity) => _entities[sessionId] = entity;

    /// <summary>Removes the entry only if it is still this entity's (a successor may have listed itself).</summary>
    public void Remove(string sessionId, IActorRef entity) =>
        _entities.TryRemove(new KeyValuePair<string, IActorRef>(sessionId, entity));

    /// <summary>The listed entity of the session, or null: then the message goes through the shard region.</summary>
    public IActorRef? Find(string sessionId) => _entities.GetValueOrDefault(sessionId);
}
