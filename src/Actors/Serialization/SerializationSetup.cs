using Akka.Hosting;
using SignalingAkka.Actors.Common;

namespace SignalingAkka.Actors.Serialization;

// Not named SerializationSetup, which would make Akka.Serialization.SerializationSetup ambiguous
// wherever both namespaces are imported.
public static class SignalingSerializationSetup
{
    /// <summary>
    /// Binds <see cref="ISignalingMessage"/> and the <see cref="SignalingSerializer.ProtocolTypes"/> to the
    /// protobuf <see cref="SignalingSerializer"/>, so none of them falls back to the default JSON serializer.
    /// </summary>
    public static AkkaConfigurationBuilder WithSignalingSerializer(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer(
            "signaling", [typeof(ISignalingMessage), .. SignalingSerializer.ProtocolTypes],
            system => new SignalingSerializer(system));
}
