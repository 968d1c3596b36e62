using System.Buffers;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using SignalingAkka.Host.Hubs;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Tests.Hubs;

/// <summary>
/// The JSON hub protocol's payloads go through generated contracts: every wire type must come out as reflection
/// writes it, read back the same, and take the generated path (which allocates no serializer frames).
/// </summary>
public sealed partial class WireJsonTests
{
    private static readonly JsonSerializerOptions Reflection = new JsonHubProtocolOptions().PayloadSerializerOptions;

    private static readonly JsonSerializerOptions Generated = GeneratedOptions();

    private static readonly IHubProtocol ReflectionProtocol = new JsonHubProtocol();

    private static readonly IHubProtocol GeneratedProtocol = new JsonHubProtocol(Options.Create(GeneratedHubOptions()));

    public static TheoryData<Type> WireTypes() => new(RegisteredTypes());

    // The attribute keeps no type of its own (it is for the source generator): read its argument.
    private static IEnumerable<Type> RegisteredTypes() =>
        typeof(WireJsonContext).GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
            .Select(a => (Type)a.ConstructorArguments[0].Value!);

    [Fact]
    public void Every_public_wire_record_has_a_generated_contract()
    {
        var registered = RegisteredTypes().ToHashSet();
        // The shapes the hub protocols carry: data contracts, and the two empty shapes that cannot be one.
        var wire = typeof(SessionInfo).Assembly.GetTypes()
            .Where(t => t.IsPublic && (t.GetCustomAttribute<DataContractAttribute>() is not null
                                       || t == typeof(EmptyResult) || t == typeof(EmptyRequest)))
            .ToList();
        Assert.NotEmpty(wire);
        Assert.All(wire, t => Assert.Contains(t, registered));
    }

    [Theory]
    [MemberData(nameof(WireTypes))]
    public void Generated_contracts_put_on_the_wire_what_reflection_does_and_read_it_back(Type type)
    {
        var value = Sample(type, depth: 0);
        // As a hub method's result and as an event's argument.
        var completion = CompletionMessage.WithResult("1", value);
        var invocation = new InvocationMessage("event", [value]);
        Assert.Equal(Written(ReflectionProtocol, completion), Written(GeneratedProtocol, completion));
        Assert.Equal(Written(ReflectionProtocol, invocation), Written(GeneratedProtocol, invocation));
        Assert.Same(WireJsonContext.Default, Generated.GetTypeInfo(type).OriginatingResolver);

        var json = JsonSerializer.Serialize(value, type, Reflection);
        var read = JsonSerializer.Deserialize(json, type, Generated);
        Assert.Equal(json, JsonSerializer.Serialize(read, type, Reflection));
    }

    [Fact]
    public void A_session_with_participants_is_written_without_serializer_frames()
    {
        var result = CompletionMessage.WithResult("1", Sample(typeof(SessionInfo), depth: 0));
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);

        long Allocated(IHubProtocol protocol)
        {
            Write(protocol);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++) Write(protocol);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        void Write(IHubProtocol protocol)
        {
            buffer.ResetWrittenCount();
            protocol.WriteMessage(result, buffer);
        }

        var reflection = Allocated(ReflectionProtocol);
        var generated = Allocated(GeneratedProtocol);
        Assert.True(generated < reflection / 2, $"generated {generated} B, reflection {reflection} B for 100 writes");
    }

    [Fact]
    public void The_relay_fast_path_stays_on_with_the_generated_contracts()
    {
        var protocol = new RelayWithoutResultProtocol(new JsonHubProtocol());
        Assert.True(new JsonRelayFastPathProtocol(protocol, Generated).Enabled);
        // Contracts of anyone else's may change the shapes: the relay path then leaves writing to the serializer.
        var other = new JsonHubProtocolOptions();
        other.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, new OtherContext());
        Assert.False(new JsonRelayFastPathProtocol(protocol, other.PayloadSerializerOptions).Enabled);
    }

    private static JsonSerializerOptions GeneratedOptions() => GeneratedHubOptions().PayloadSerializerOptions;

    private static JsonHubProtocolOptions GeneratedHubOptions()
    {
        var options = new JsonHubProtocolOptions();
        WireJson.UseGeneratedContracts(options);
        return options;
    }

    private static string Written(IHubProtocol protocol, HubMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        protocol.WriteMessage(message, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A value with every member set (strings named after their member, one element in each array).</summary>
    private static object? Sample(Type type, int depth)
    {
        if (type == typeof(string)) return "v\u00e9\"" + depth;
        if (type == typeof(int) || type == typeof(int?)) return 7 + depth;
        if (type == typeof(long) || type == typeof(long?)) return 1L << 40;
        if (type == typeof(bool) || type == typeof(bool?)) return true;
        if (type == typeof(double) || type == typeof(double?)) return 2.5;
        if (type.IsArray)
        {
            var array = Array.CreateInstance(type.GetElementType()!, 2);
            for (var i = 0; i < 2; i++) array.SetValue(Sample(type.GetElementType()!, depth + 1), i);
            return array;
        }

        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke(constructor.GetParameters().Select(p => Sample(p.ParameterType, depth + 1)).ToArray());
    }

    [JsonSerializable(typeof(SessionInfo))]
    private sealed partial class OtherContext : JsonSerializerContext;
}
