using System.Collections.Frozen;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace SignalingAkka.Actors.Serialization;

/// <summary>
/// Protobuf serializer of every persisted or remote SignalingAkka message: each
/// <see cref="Common.ISignalingMessage"/> and the <see cref="ProtocolTypes"/>. The schema lives in
/// Proto/signaling.proto; see its header for the versioning rules.
/// </summary>
/// <remarks>
/// Manifests are stored in the journal next to every event, so they are short and must never change.
/// Their first letter is the area (d devices, s sessions, c connections, p protocol records,
/// r rejections), the second the kind (c command, q query, r reply, e persisted event, v client event),
/// the rest the message; two-letter manifests are states and shared parts.
/// </remarks>
public sealed class SignalingSerializer : SerializerWithStringManifest
{
    /// <summary>Wire records of SignalingAkka.Protocol this serializer handles; the host binds them to it.</summary>
    public static IReadOnlyList<Type> ProtocolTypes { get; } = ProtocolMappings.All.Select(m => m.Type).ToArray().AsReadOnly();

    private readonly FrozenDictionary<Type, MessageMapping> _byType;
    private readonly FrozenDictionary<string, MessageMapping> _byManifest;

    public SignalingSerializer(ExtendedActorSystem system) : base(system)
    {
        MessageMapping[] mappings =
        [
            .. DeviceMappings.All,
            .. new SessionMappings(system).All,
            .. new ConnectionMappings(system).All,
            .. CommonMappings.All,
            .. ProtocolMappings.All,
        ];
        // ToDictionary throws on a duplicate type or manifest, so a clash stops the actor system at start.
        _byType = mappings.ToDictionary(m => m.Type).ToFrozenDictionary();
        _byManifest = mappings.ToDictionary(m => m.Manifest).ToFrozenDictionary();
    }

    /// <summary>Stored in the journal beside every event; above 100, which Akka.NET reserves for its own serializers.</summary>
    public const int Id = 517;

    public override int Identifier => Id;

    public override string Manifest(object o) => MappingOf(o).Manifest;

    public override byte[] ToBinary(object obj) => MappingOf(obj).ToBinary(obj);

    public override object FromBinary(byte[] bytes, string manifest) =>
        _byManifest.TryGetValue(manifest, out var mapping)
            ? mapping.FromBinary(bytes)
            : throw new SerializationException($"{nameof(SignalingSerializer)} knows no manifest [{manifest}]");

    private MessageMapping MappingOf(object o) =>
        _byType.TryGetValue(o.GetType(), out var mapping)
            ? mapping
            : throw new SerializationException($"{nameof(SignalingSerializer)} has no mapping for {o.GetType()}");
}
