using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Connections;
using SignalingAkka.Actors.ReadModel;

namespace SignalingAkka.Actors.Sessions;

/// <summary>
/// What a session entity needs from its node: time, policies, the read model, and the
/// clients connected to this node (written to directly; none in tests that stand in actors for connections),
/// and the list of this node's session entities that relays may be told to directly.
/// </summary>
public sealed record SessionSettings(
    TimeProvider Clock,
    EntitySettings Entity,
    IReadModelSink ReadModel,
    SessionPolicy Policy,
    LocalClients? Clients = null,
    LocalSessions? Sessions = null);

/// <summary>Session rules an operator may tune.</summary>
public sealed record SessionPolicy(
    TimeSpan GracePeriod,
    double HubHysteresis,
    TimeSpan TickInterval,
    int SeqBlockSize = 1024)
{
    public static readonly SessionPolicy Default = new(TimeSpan.FromMinutes(5), 0.10, TimeSpan.FromSeconds(5));
}
