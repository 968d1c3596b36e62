using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SignalingAkka.Actors.Serialization;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Tests.Serialization;

/// <summary>The Akka.Hosting extension the host uses binds the same types as the HOCON of the other tests.</summary>
public sealed class SignalingSerializationSetupTests
{
    [Fact]
    public async Task WithSignalingSerializer_binds_messages_and_protocol_records()
    {
        var services = new ServiceCollection();
        services.AddAkka("serialization-setup", builder => builder.WithSignalingSerializer());
        await using var provider = services.BuildServiceProvider();
        var system = provider.GetRequiredService<ActorSystem>();
        try
        {
            foreach (var type in SerializerConfig.BoundTypes.Append(typeof(SessionEvents.Created)).Append(typeof(SdpEvent)))
                Assert.IsType<SignalingSerializer>(system.Serialization.FindSerializerForType(type));
        }
        finally
        {
            await system.Terminate();
        }
    }
}
