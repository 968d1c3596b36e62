using System.Buffers;
using System.Text;
using global::Akka.Actor;
using global::Akka.TestKit.Xunit2;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SignalingAkka.Actors.Hosting;
using SignalingAkka.Actors.Licensing;
using SignalingAkka.Actors.Sessions;
using SignalingAkka.Host.Hubs;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Tests.Hubs;

/// <summary>Relays sent without an invocation id, taken to their session as they are read, and the ones left to the hub.</summary>
public sealed class DirectRelayProtocolTests : TestKit
{
    private const string SessionId = "6f1c2a4e-8b3d-4c5e-9a7f-0d1e2f3a4b5c";
    private static readonly string Sender = new('a', 64);
    private static readonly string Receiver = new('b', 64);

    private static readonly IHubProtocol Shared = new RelayWithoutResultProtocol(new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions())));

    private readonly global::Akka.TestKit.TestProbe _sessions;
    private readonly DirectRelayCount _count = new();
    private readonly Dictionary<object, object?> _items = new();
    private readonly DirectRelayProtocol _protocol;

    public DirectRelayProtocolTests()
    {
        _sessions = CreateTestProbe();
        var gateway = new SignalingGateway(_sessions.Ref, ActorRefs.Nobody, ActorRefs.Nobody, new NoLicenses(), TimeSpan.FromSeconds(3));
        _protocol = new DirectRelayProtocol(Shared, gateway, _count);
        _protocol.Attach(_items);
    }

    [Theory]
    [InlineData(HubMethods.IceCandidate, """{"sessionId":"6f1c2a4e-8b3d-4c5e-9a7f-0d1e2f3a4b5c","to":"TO","candidate":"candidate:1","sdpMid":"0","sdpMLineIndex":0}""", SignalKind.IceCandidate)]
    [InlineData(HubMethods.SdpOffer, """{"sessionId":"6f1c2a4e-8b3d-4c5e-9a7f-0d1e2f3a4b5c","to":"TO","sdp":"v=0"}""", SignalKind.Offer)]
    [InlineData(HubMethods.SdpAnswer, """{"sessionId":"6f1c2a4e-8b3d-4c5e-9a7f-0d1e2f3a4b5c","to":"TO","sdp":"v=0"}""", SignalKind.Answer)]
    public void A_registered_connections_relay_without_an_invocation_id_goes_to_its_session_as_it_is_read(string method, string argument,
        SignalKind kind)
    {
        Connected(registered: true);

        Assert.Same(DirectRelayProtocol.Relayed, Parse(method, argument.Replace("TO", Receiver)));

        var relay = _sessions.ExpectMsg<SessionCommands.Relay>();
        Assert.Equal((SessionId, Sender, Receiver, kind, false), (relay.SessionId, relay.From, relay.To, relay.Kind, relay.ResultWanted));
        Assert.Equal(1, _count.Value);
    }

    [Fact]
    public void A_relay_read_while_a_call_of_the_connection_runs_is_left_to_the_hub_so_it_waits_for_that_call()
    {
        var connection = Connected(registered: true);
        connection.InvocationStarted();

        var left = Assert.IsType<InvocationMessage>(Parse(HubMethods.IceCandidate, Ice(Receiver)));
        Assert.Equal(RelayWithoutResultProtocol.IceCandidateTarget, left.Target);
        _sessions.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        connection.InvocationEnded();
        Assert.Same(DirectRelayProtocol.Relayed, Parse(HubMethods.IceCandidate, Ice(Receiver)));
        _sessions.ExpectMsg<SessionCommands.Relay>();
        Assert.Equal(1, _count.Value);
    }

    [Fact]
    public void A_relay_of_an_unregistered_connection_is_left_to_the_hub_which_refuses_it()
    {
        Connected(registered: false);

        Assert.Equal(RelayWithoutResultProtocol.IceCandidateTarget, Assert.IsType<InvocationMessage>(Parse(HubMethods.IceCandidate, Ice(Receiver))).Target);
        _sessions.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_relay_read_before_the_hub_has_the_connections_context_is_left_to_the_hub()
    {
        Assert.Equal(RelayWithoutResultProtocol.IceCandidateTarget, Assert.IsType<InvocationMessage>(Parse(HubMethods.IceCandidate, Ice(Receiver))).Target);
        Assert.Equal(0, _count.Value);
    }

    [Fact]
    public void A_relay_with_a_field_that_fails_its_check_is_left_to_the_hub_method_which_fails_it_the_same_way()
    {
        Connected(registered: true);

        var left = Assert.IsType<InvocationMessage>(Parse(HubMethods.IceCandidate, Ice("not-a-fingerprint")));
        Assert.Equal(RelayWithoutResultProtocol.IceCandidateTarget, left.Target);
        Assert.Throws<HubException>(() => RelayRequests.Ice((IceCandidateRequest?)left.Arguments[0], Sender, resultWanted: false));
        _sessions.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_relay_with_an_invocation_id_and_other_calls_are_not_taken()
    {
        Connected(registered: true);

        var withId = Read($$"""{"type":1,"invocationId":"1","target":"{{HubMethods.IceCandidate}}","arguments":[{{Ice(Receiver)}}]}""");
        Assert.Equal((HubMethods.IceCandidate, "1"), (withId.Target, withId.InvocationId));
        var other = Read($$"""{"type":1,"target":"{{HubMethods.CapabilityUpdate}}","arguments":[{}]}""");
        Assert.Equal(HubMethods.CapabilityUpdate, other.Target);
        _sessions.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void The_resolver_gives_each_connection_its_own_protocol_by_name_among_the_supported_ones()
    {
        var json = new JsonHubProtocol();
        var services = new ServiceCollection()
            .AddSingleton(new SignalingGateway(_sessions.Ref, ActorRefs.Nobody, ActorRefs.Nobody, new NoLicenses(), TimeSpan.FromSeconds(3)))
            .BuildServiceProvider();
        var resolver = new DirectRelayProtocolResolver([json], services, _count);

        var first = Assert.IsType<DirectRelayProtocol>(resolver.GetProtocol("JSON", null));
        var second = Assert.IsType<DirectRelayProtocol>(resolver.GetProtocol("json", ["json"]));
        Assert.NotSame(first, second);
        Assert.Equal((json.Name, json.Version, json.TransferFormat), (first.Name, first.Version, first.TransferFormat));
        Assert.Null(resolver.GetProtocol("json", ["messagepack"]));
        Assert.Null(resolver.GetProtocol("xml", null));
        Assert.Equal([json], resolver.AllProtocols);
    }

    private ConnectionContext Connected(bool registered)
    {
        var connection = new ConnectionContext(Sender, "key", registered, "device");
        connection.KeepIn(_items);
        return connection;
    }

    private static string Ice(string to) =>
        $$"""{"sessionId":"{{SessionId}}","to":"{{to}}","candidate":"candidate:1 1 udp 1 127.0.0.1 5000 typ host"}""";

    private HubMessage Parse(string method, string argument)
    {
        var input = Input($$"""{"type":1,"target":"{{method}}","arguments":[{{argument}}]}""");
        Assert.True(_protocol.TryParseMessage(ref input, new RelayBinder(), out var message));
        Assert.True(input.IsEmpty);
        return message;
    }

    private InvocationMessage Read(string json)
    {
        var input = Input(json);
        Assert.True(_protocol.TryParseMessage(ref input, new RelayBinder(), out var message));
        return Assert.IsType<InvocationMessage>(message);
    }

    private static ReadOnlySequence<byte> Input(string json) => new(Encoding.UTF8.GetBytes(json + "\u001e"));

    /// <summary>Binds the relay methods' argument as the hub does.</summary>
    private sealed class RelayBinder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => methodName switch
        {
            HubMethods.IceCandidate => [typeof(IceCandidateRequest)],
            HubMethods.SdpOffer or HubMethods.SdpAnswer => [typeof(SdpRequest)],
            _ => [typeof(object)],
        };

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }

    private sealed class NoLicenses : ILicenseValidator
    {
        public Task<LicenseCheck> ValidateAsync(string licenseToken, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no licence is checked here");
    }
}
