using Microsoft.AspNetCore.SignalR.Client;
using SignalingAkka.Protocol;

namespace SignalingAkka.Client.Tests;

public sealed class SignalingClientTests : IDisposable
{
    private readonly DeviceKeyPair _key = DeviceKeyPair.Generate();

    public void Dispose() => _key.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("not-a-fingerprint")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    public void A_malformed_fingerprint_is_refused_before_connecting(string fingerprint)
    {
        var options = new SignalingClientOptions { ServerUrl = new Uri("http://localhost:1"), Key = _key, Fingerprint = fingerprint };

        Assert.Throws<ArgumentException>(() => new SignalingClient(options));
    }

    [Theory]
    [InlineData(WireProtocol.Json)]
    [InlineData(WireProtocol.MessagePack)]
    public async Task A_new_client_is_disconnected_with_nothing_seen(WireProtocol protocol)
    {
        await using var client = new SignalingClient(new SignalingClientOptions
        {
            ServerUrl = new Uri("http://localhost:1"),
            Key = _key,
            Fingerprint = Fingerprints.Compute("platform-id", "install-id"),
            Protocol = protocol,
        });

        Assert.Equal(HubConnectionState.Disconnected, client.State);
        Assert.Null(client.ConnectionId);
        Assert.Equal(0, client.LastSeq("s1"));
    }
}
