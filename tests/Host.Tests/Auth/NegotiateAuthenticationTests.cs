using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SignalingAkka.Protocol;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Host.Tests.Auth;

/// <summary>The access token is checked at negotiate: any flaw is HTTP 401 and no connection.</summary>
public sealed class NegotiateAuthenticationTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private Daemon Daemon => fixture.Daemon;

    [Fact]
    public async Task A_valid_token_of_an_unregistered_device_negotiates()
    {
        using var key = DeviceKeyPair.Generate();
        var token = AccessToken.Create(key, NewFingerprint(), DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(token));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(token, asQueryParameter: true));
    }

    [Fact]
    public async Task A_missing_token_is_401() => Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(null));

    [Theory]
    [InlineData("garbage")]
    [InlineData("v1")]
    [InlineData("v2.0000000000000000000000000000000000000000000000000000000000000000.1700000000.c2ln")]
    [InlineData("v1.NOTHEX.1700000000.c2ln")]
    public async Task A_malformed_token_is_401(string token) =>
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(token));

    // Token and server both count whole seconds, so a token made 301 s ahead can be exactly 300 s ahead by the
    // time the server reads the clock in its next second; 302 s is off by more than 300 s whenever the request
    // takes less than a second.
    [Theory]
    [InlineData(-302)]
    [InlineData(302)]
    public async Task A_token_more_than_300_seconds_off_is_401(int offsetSeconds)
    {
        using var key = DeviceKeyPair.Generate();
        var token = AccessToken.Create(key, NewFingerprint(), DateTimeOffset.UtcNow.AddSeconds(offsetSeconds));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(token));
    }

    [Fact]
    public async Task A_token_signed_by_another_key_than_its_public_key_is_401()
    {
        using var signer = DeviceKeyPair.Generate();
        using var claimed = DeviceKeyPair.Generate();
        var fingerprint = NewFingerprint();
        var signedByOther = AccessToken.Create(signer, fingerprint, DateTimeOffset.UtcNow, includePublicKey: false)
            + "." + claimed.PublicKeyText;
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(signedByOther));
    }

    [Fact]
    public async Task An_unregistered_device_must_send_its_public_key()
    {
        using var key = DeviceKeyPair.Generate();
        var token = AccessToken.Create(key, NewFingerprint(), DateTimeOffset.UtcNow, includePublicKey: false);
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(token));
    }

    [Fact]
    public async Task A_registered_device_is_checked_against_its_stored_key()
    {
        var device = await Daemon.ConnectDeviceAsync("registered");
        using var otherKey = DeviceKeyPair.Generate();

        var withoutPub = AccessToken.Create(device.Key, device.Fingerprint, DateTimeOffset.UtcNow, includePublicKey: false);
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(withoutPub));
        var otherKeyWithItsPub = AccessToken.Create(otherKey, device.Fingerprint, DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(otherKeyWithItsPub));
        var otherKeyWithoutPub = AccessToken.Create(otherKey, device.Fingerprint, DateTimeOffset.UtcNow, includePublicKey: false);
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(otherKeyWithoutPub));
    }

    [Fact]
    public async Task A_blocked_device_is_401_and_unblocking_lets_it_back()
    {
        var device = await Daemon.ConnectDeviceAsync("to be blocked");
        await Daemon.Gateway.SetDeviceBlockedAsync(device.Fingerprint, blocked: true, CancellationToken.None);

        var token = AccessToken.Create(device.Key, device.Fingerprint, DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(token));

        await Daemon.Gateway.SetDeviceBlockedAsync(device.Fingerprint, blocked: false, CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(token));
    }

    [Fact]
    public async Task The_real_client_of_an_impostor_is_refused_with_401()
    {
        using var key = DeviceKeyPair.Generate();
        var device = await Daemon.ConnectDeviceAsync("registered first");
        await using var stranger = new Client.SignalingClient(new Client.SignalingClientOptions
        {
            ServerUrl = Daemon.BaseUrl, Key = key, Fingerprint = device.Fingerprint, AutomaticReconnect = false,
        });
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => stranger.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_websocket_connect_that_skips_negotiate_is_checked_the_same_way(bool withValidToken)
    {
        using var key = DeviceKeyPair.Generate();
        var url = new UriBuilder(new Uri(Daemon.BaseUrl, HubNames.Path)) { Scheme = "ws" };
        if (withValidToken)
            url.Query = "access_token=" + Uri.EscapeDataString(AccessToken.Create(key, NewFingerprint(), DateTimeOffset.UtcNow));
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        if (withValidToken)
        {
            await socket.ConnectAsync(url.Uri, CancellationToken.None);
            Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
            return;
        }

        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(url.Uri, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        using var http = new HttpClient { BaseAddress = Daemon.BaseUrl };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/ready")).StatusCode);
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("# TYPE", metrics);
    }

    private async Task<HttpStatusCode> NegotiateAsync(string? token, bool asQueryParameter = false)
    {
        using var http = new HttpClient { BaseAddress = Daemon.BaseUrl };
        var path = HubNames.Path + "/negotiate?negotiateVersion=1";
        if (token is not null && asQueryParameter) path += "&access_token=" + Uri.EscapeDataString(token);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("", Encoding.UTF8) };
        if (token is not null && !asQueryParameter) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static string NewFingerprint() => Fingerprints.Compute("auth-test", Guid.NewGuid().ToString());
}
