using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.Devices;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Actors.Sessions;

namespace SignalingAkka.Actors.Hosting;

/// <summary>What the domain actors need from the node that runs them.</summary>
public sealed record SignalingActorsOptions(
    TimeProvider Clock,
    IClientPusher Pusher,
    IReadModelSink ReadModel,
    EntitySettings Entity,
    SessionPolicy SessionPolicy,
    string Role = "signaling",
    int MaxShards = 100)
{
    /// <summary>This node's session entities that relays are told to directly; the gateway reads it too.</summary>
    public LocalSessions Sessions { get; init; } = new();

    /// <summary>
    /// Where open sessions are listed, for the cluster's <see cref="SessionWaker"/>; without it no session starts
    /// unless a message reaches it (tests of single actors).
    /// </summary>
    public IOpenSessions? OpenSessions { get; init; }

    /// <summary>How often the waker starts open sessions that are not running.</summary>
    public TimeSpan WakeInterval { get; init; } = SessionWaker.DefaultInterval;
}

public static class SignalingActorsSetup
{
    /// <summary>Starts the two shard regions and this node's connection registry; tests reuse it unchanged.</summary>
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
        var clients = new LocalClients(options.Pusher);
        var sessionShardOptions = new ShardOptions
        {
            Role = options.Role,
            StateStoreMode = StateStoreMode.DData,
            // Live sessions that nobody calls come back through SessionWaker, not remember-entities, which
            // cost two journal writes per session and delayed every new session's first message.
            RememberEntities = false,
            ShouldPassivateIdleEntities = false,
            HandOffStopMessage = SessionCommands.HandOff.Instance,
        };

        return builder
            .WithShardRegion<DeviceRegion>("device",
                (_, _) => fingerprint => DeviceActor.Props(fingerprint, options.Clock, options.Entity, options.ReadModel), extractor,
                shardOptions)
            .WithShardRegion<SessionRegion>("session",
                (_, registry) =>
                {
                    var settings = new SessionSettings(options.Clock, options.Entity,
                        options.ReadModel, options.SessionPolicy, clients, options.Sessions);
                    return sessionId => SessionActor.Props(sessionId, settings);
                },
                extractor, sessionShardOptions)
            .WithActors((system, registry) =>
            {
                registry.Register<ConnectionRegistry>(system.ActorOf(ConnectionsActor.Props(clients), "connections"));
                system.ActorOf(SessionDeadLetterRerouter.Props(registry.Get<SessionRegion>()), "session-rerouter");
            })
            .WithSessionWaker(options);
    }

    private static AkkaConfigurationBuilder WithSessionWaker(this AkkaConfigurationBuilder builder, SignalingActorsOptions options) =>
        options.OpenSessions is not { } openSessions
            ? builder
            : builder.WithSingleton<SessionWaker>("session-waker",
                (_, registry, _) => SessionWaker.Props(registry.Get<SessionRegion>(), openSessions, options.Clock, options.WakeInterval),
                new ClusterSingletonOptions { Role = options.Role }, createProxyToo: false);
}
