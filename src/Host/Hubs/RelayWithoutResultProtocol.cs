using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.Hubs;

/// <summary>
/// Wraps a hub protocol (JSON or MessagePack) so that relay calls sent without an invocation id reach hub
/// methods that return nothing. SignalR throws such a call's result away, and hub methods cannot see the
/// invocation id; without this they would wait on the session's answer for every message.
/// </summary>
public sealed class RelayWithoutResultProtocol(IHubProtocol inner) : IHubProtocol
{
    // Not valid C# identifiers, so no client-facing method of the contract can carry these names.
    public const string SdpOfferTarget = HubMethods.SdpOffer + "#noresult";
    public const string SdpAnswerTarget = HubMethods.SdpAnswer + "#noresult";
    public const string IceCandidateTarget = HubMethods.IceCandidate + "#noresult";

    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder,
        [NotNullWhen(true)] out HubMessage? message)
    {
        if (!inner.TryParseMessage(ref input, binder, out message)) return false;
        if (message is InvocationMessage { InvocationId: null } invocation && WithoutResult(invocation.Target) is { } target)
            message = new InvocationMessage(null, target, invocation.Arguments, invocation.StreamIds) { Headers = invocation.Headers };
        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);

    private static string? WithoutResult(string target) => target switch
    {
        HubMethods.IceCandidate => IceCandidateTarget,
        HubMethods.SdpOffer => SdpOfferTarget,
        HubMethods.SdpAnswer => SdpAnswerTarget,
        _ => null,
    };
}

public static class RelayWithoutResultProtocolExtensions
{
    /// <summary>
    /// Wraps every hub protocol registered so far in <see cref="RelayWithoutResultProtocol"/>, and the JSON one
    /// also in <see cref="JsonRelayFastPathProtocol"/>; each connection then gets its own
    /// <see cref="DirectRelayProtocol"/> around the one it asks for.
    /// </summary>
    public static ISignalRServerBuilder WithRelaysWithoutResult(this ISignalRServerBuilder builder)
    {
        var services = builder.Services;
        var registered = services.Where(d => d.ServiceType == typeof(IHubProtocol)).ToList();
        foreach (var descriptor in registered)
        {
            services.Remove(descriptor);
            var type = descriptor.ImplementationType
                       ?? throw new InvalidOperationException("hub protocols are expected to be registered by type");
            services.AddSingleton<IHubProtocol>(provider =>
            {
                var protocol = new RelayWithoutResultProtocol((IHubProtocol)ActivatorUtilities.CreateInstance(provider, type));
                if (type != typeof(JsonHubProtocol)) return protocol;
                var options = provider.GetRequiredService<IOptions<JsonHubProtocolOptions>>().Value;
                return new JsonRelayFastPathProtocol(protocol, options.PayloadSerializerOptions);
            });
        }

        services.AddSingleton<DirectRelayCount>();
        services.AddSingleton<IHubProtocolResolver, DirectRelayProtocolResolver>();
        return builder;
    }
}
