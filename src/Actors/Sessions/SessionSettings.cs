using Akka.Actor;
using SignalingAkka.Actors.Common;

namespace SignalingAkka.Actors.Sessions;

/// <summary>What a session entity needs from its node: time, persistence policy and the invite index.</summary>
public sealed record SessionSettings(
    TimeProvider Clock,
    EntitySettings Entity,
    IActorRef InviteRegion,
    int SeqBlockSize = 1024,
    int MaxQueuedPerPeer = 256);
