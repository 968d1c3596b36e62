namespace SignalingAkka.Actors.Hosting;

// Keys of the ActorRegistry: one marker per shard region or node-local actor.

/// <summary>The shard region of <see cref="Sessions.SessionActor"/>.</summary>
public sealed class SessionRegion;

/// <summary>The shard region of <see cref="Devices.DeviceActor"/>.</summary>
public sealed class DeviceRegion;

/// <summary>This node's <see cref="Connections.ConnectionsActor"/>.</summary>
public sealed class ConnectionRegistry;
