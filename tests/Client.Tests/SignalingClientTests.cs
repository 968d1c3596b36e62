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

    [Fact]
    public void Reconnecting_and_rejoining_are_on_by_default()
    {
        var options = Options();

        Assert.True(options.AutomaticReconnect);
        Assert.True(options.AutoRejoin);
        Assert.IsType<ReconnectDelays>(options.ReconnectPolicy);
    }

    [Fact]
    public async Task A_new_client_is_in_no_session()
    {
        await using var client = new SignalingClient(Options());

        Assert.Empty(client.Sessions);
    }

    // Reconnecting is "not connected" as much as never started: SignalR refuses to send either way,
    // and the client passes that on rather than dropping the message.
    [Fact]
    public async Task A_relay_while_not_connected_throws_instead_of_being_dropped()
    {
        await using var client = new SignalingClient(Options());

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendSdpOfferAsync("s1", "peer", "v=0"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.PostIceCandidateAsync("s1", "peer", "candidate:1"));
    }

    [Fact]
    public async Task A_session_call_while_not_connected_throws_and_tracks_nothing()
    {
        await using var client = new SignalingClient(Options());

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.JoinSessionAsync("AVNE-2345-6789"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.RejoinSessionAsync("s1", 3));

        Assert.Empty(client.Sessions);
    }

    [Fact]
    public async Task A_client_with_logging_configured_is_built_and_disposed()
    {
        var configured = false;
        var client = new SignalingClient(new SignalingClientOptions
        {
            ServerUrl = new Uri("http://localhost:1"),
            Key = _key,
            Fingerprint = Fingerprints.Compute("platform-id", "install-id"),
            Logging = _ => configured = true,
        });

        await client.DisposeAsync();

        Assert.True(configured);
    }

    private SignalingClientOptions Options() => new()
    {
        ServerUrl = new Uri("http://localhost:1"),
        Key = _key,
        Fingerprint = Fingerprints.Compute("platform-id", "install-id"),
    };
}
