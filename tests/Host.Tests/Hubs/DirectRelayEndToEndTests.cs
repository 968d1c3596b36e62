using Microsoft.Extensions.DependencyInjection;
using SignalingAkka.Client;
using SignalingAkka.Host.Hubs;
using SignalingAkka.Protocol;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Host.Tests.Hubs;

/// <summary>Relays sent without an invocation id through the real daemon: taken to the session as they are read.</summary>
public sealed class DirectRelayEndToEndTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData(WireProtocol.Json)]
    [InlineData(WireProtocol.MessagePack)]
    public async Task Relays_without_a_result_skip_the_hub_method_and_arrive_in_order_between_calls(WireProtocol protocol)
    {
        await using var daemon = await Daemon.StartAsync(_directory.Path);
        var taken = daemon.Services.GetRequiredService<DirectRelayCount>();
        var host = await daemon.ConnectDeviceAsync("host", protocol);
        var guest = await daemon.ConnectDeviceAsync("guest", protocol);
        var session = await host.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
        await guest.Client.JoinSessionAsync(session.InviteCode);
        var sessionId = session.SessionId;
        var before = taken.Value;

        await host.Client.PostIceCandidateAsync(sessionId, guest.Fingerprint, "candidate:1", "0", 0);
        await host.Client.PostIceCandidateAsync(sessionId, guest.Fingerprint, "candidate:2");
        Assert.Equal(new RelayResult(true, false), await host.Client.SendIceCandidateAsync(sessionId, guest.Fingerprint, "candidate:3"));
        await host.Client.PostIceCandidateAsync(sessionId, guest.Fingerprint, "candidate:4");

        for (var seq = 1; seq <= 4; seq++)
        {
            var candidate = await guest.NextAsync<IceCandidateEvent>();
            Assert.Equal((host.Fingerprint, (long)seq, $"candidate:{seq}"), (candidate.From, candidate.Seq, candidate.Candidate));
        }

        Assert.Equal(3, taken.Value - before);
        // The connection took the stand-in calls in stride: it still answers.
        Assert.Equal(new RelayResult(true, false), await host.Client.SendSdpOfferAsync(sessionId, guest.Fingerprint, "v=0"));
        Assert.Equal(5, (await guest.NextAsync<ReceivedOffer>()).Event.Seq);
    }

    public void Dispose() => _directory.Dispose();
}
