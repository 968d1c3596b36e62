using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using SignalingAkka.Host.Hubs;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Tests.Hubs;

public sealed class RelayWithoutResultProtocolTests
{
    private static readonly RelayWithoutResultProtocol Json =
        new(new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions())));

    [Theory]
    [InlineData(HubMethods.IceCandidate, RelayWithoutResultProtocol.IceCandidateTarget)]
    [InlineData(HubMethods.SdpOffer, RelayWithoutResultProtocol.SdpOfferTarget)]
    [InlineData(HubMethods.SdpAnswer, RelayWithoutResultProtocol.SdpAnswerTarget)]
    public void A_relay_sent_without_an_invocation_id_goes_to_the_method_without_a_result(string method, string expected)
    {
        var invocation = Parse($$"""{"type":1,"target":"{{method}}","arguments":[{"sessionId":"s","to":"t"}]}""");

        Assert.Equal(expected, invocation.Target);
        Assert.Null(invocation.InvocationId);
        Assert.Single(invocation.Arguments);
    }

    [Theory]
    [InlineData(HubMethods.IceCandidate)]
    [InlineData(HubMethods.SdpOffer)]
    public void A_relay_with_an_invocation_id_keeps_its_method_so_the_caller_gets_its_result(string method)
    {
        var invocation = Parse($$"""{"type":1,"invocationId":"7","target":"{{method}}","arguments":[{"sessionId":"s"}]}""");

        Assert.Equal((method, "7"), (invocation.Target, invocation.InvocationId));
    }

    [Fact]
    public void Other_methods_sent_without_an_invocation_id_keep_their_method()
    {
        var invocation = Parse($$"""{"type":1,"target":"{{HubMethods.CapabilityUpdate}}","arguments":[{}]}""");

        Assert.Equal(HubMethods.CapabilityUpdate, invocation.Target);
    }

    [Fact]
    public void The_wrapper_keeps_the_name_and_version_clients_negotiate()
    {
        var inner = new JsonHubProtocol();
        Assert.Equal((inner.Name, inner.Version, inner.TransferFormat), (Json.Name, Json.Version, Json.TransferFormat));
    }

    private static InvocationMessage Parse(string json)
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json + "\u001e"));
        Assert.True(Json.TryParseMessage(ref input, new AnyObjectBinder(), out var message));
        return Assert.IsType<InvocationMessage>(message);
    }

    /// <summary>Binds every argument as a plain object, whatever the method.</summary>
    private sealed class AnyObjectBinder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(object)];

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
