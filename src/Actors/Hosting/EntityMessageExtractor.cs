using Akka.Cluster.Sharding;
using SignalingAkka.Actors.Devices;
using SignalingAkka.Actors.Sessions;

namespace SignalingAkka.Actors.Hosting;

/// <summary>Routes sessions by id and devices by fingerprint to their shards.</summary>
public sealed class EntityMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    public override string? EntityId(object message) => message switch
    {
        ISessionMessage m => m.SessionId,
        IDeviceMessage m => m.Fingerprint,
        _ => null,
    };
}
