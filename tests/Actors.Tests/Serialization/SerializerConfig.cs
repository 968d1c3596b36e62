using Akka.Configuration;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Serialization;

namespace SignalingAkka.Actors.Tests.Serialization;

/// <summary>
/// Registers the serializer through HOCON, by type name, the way a config file would; the bindings are
/// the same list the Akka.Hosting extension binds.
/// </summary>
public static class SerializerConfig
{
    public static Config Hocon => ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.signaling = "{{TypeName(typeof(SignalingSerializer))}}"
          serialization-bindings {
            {{string.Join("\n", BoundTypes.Select(t => $"\"{TypeName(t)}\" = signaling"))}}
          }
        }
        """);

    public static IEnumerable<Type> BoundTypes => [typeof(ISignalingMessage), .. SignalingSerializer.ProtocolTypes];

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
