using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.Devices;
using SignalingAkka.Actors.Invites;
using SignalingAkka.Actors.Sessions;

namespace SignalingAkka.Actors.Hosting;

/// <summary>What the domain actors need from the node that runs them.</summary>
public sealed record SignalingActorsOptions(
    TimeProvider Clock,
    IClientPusher Pusher,
    EntitySettings Entity,
    string Role = "signaling",
    int MaxShards = 100);

public static class SignalingActorsSetup
{
    /// <summary>Starts the three shard regions and this node's connection registry; tests reuse it unchanged.</summary>
    public static AkkaConfigurationBuilder WithSignalingActors(this AkkaConfigurationBuilder builder,
        SignalingActorsOptions options)
    {
        var shardOptions = new ShardOptions
        {
            Role = options.Role,
            StateStoreMode = StateStoreMode.DData,
            RememberEntities = false,
            // Entities passivate themselves: a session must stay while any participant is connected.
            ShouldPassivateIdleEntities = false,
        };
        var extractor = new EntityMessageExtractor(options.MaxShards);

        return builder
            .WithShardRegion<InviteRegion>("invite",
                (_, _) => code => InviteActor.Props(code, options.Clock, options.Entity), extractor, shardOptions)
            .WithShardRegion<DeviceRegion>("device",
                (_, _) => fingerprint => DeviceActor.Props(fingerprint, options.Clock, options.Entity), extractor,
                shardOptions)
            .WithShardRegion<SessionRegion>("session",
                (_, registry) =>
                {
                    var settings = new SessionSettings(options.Clock, options.Entity, registry.Get<InviteRegion>());
                    return sessionId => SessionActor.Props(sessionId, settings);
                },
                extractor, shardOptions)
            .WithActors((system, registry) =>
                registry.Register<ConnectionRegistry>(
                    system.ActorOf(ConnectionsActor.Props(options.Pusher), "connections")));
    }
}
