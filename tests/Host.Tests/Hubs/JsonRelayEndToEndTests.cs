using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using SignalingAkka.Host.Hubs;
using SignalingAkka.Protocol;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Host.Tests.Hubs;

/// <summary>Relays over the JSON protocol through the real daemon, read and written by the hand-written path.</summary>
public sealed class JsonRelayEndToEndTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Json_relays_with_and_without_an_invocation_id_arrive_and_take_the_hand_written_path()
    {
        await using var daemon = await Daemon.StartAsync(_directory.Path);
        var json = Assert.Single(daemon.Services.GetServices<IHubProtocol>().OfType<JsonRelayFastPathProtocol>());
        Assert.True(json.Enabled);
        var host = await daemon.ConnectDeviceAsync("host");
        var guest = await daemon.ConnectDeviceAsync("guest");
        var session = await host.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
        await guest.Client.JoinSessionAsync(session.InviteCode);
        var sessionId = session.SessionId;
        var (readBefore, writtenBefore) = (json.ReadByHand, json.WrittenByHand);

        Assert.Equal(new RelayResult(true, false), await host.Client.SendSdpOfferAsync(sessionId, guest.Fingerprint, "v=0 \"offer\" é"));
        Assert.Equal(new RelayResult(true, false), await guest.Client.SendSdpAnswerAsync(sessionId, host.Fingerprint, "v=0 answer"));
        Assert.Equal(new RelayResult(true, false),
            await host.Client.SendIceCandidateAsync(sessionId, guest.Fingerprint, "candidate:1 1 udp 1 127.0.0.1 5000 typ host", "0", 0));
        await host.Client.PostIceCandidateAsync(sessionId, guest.Fingerprint, "candidate:2 <&> 😀", "audio", 1);
        await host.Client.PostIceCandidateAsync(sessionId, guest.Fingerprint, "");

        var offer = (await guest.NextAsync<ReceivedOffer>()).Event;
        Assert.Equal((sessionId, host.Fingerprint, 1L, "v=0 \"offer\" é"), (offer.SessionId, offer.From, offer.Seq, offer.Sdp));
        var answer = (await host.NextAsync<ReceivedAnswer>()).Event;
        Assert.Equal((guest.Fingerprint, 1L, "v=0 answer"), (answer.From, answer.Seq, answer.Sdp));
        Assert.Equal(new IceCandidateEvent(sessionId, host.Fingerprint, 2, "candidate:1 1 udp 1 127.0.0.1 5000 typ host", "0", 0),
            await guest.NextAsync<IceCandidateEvent>());
        Assert.Equal(new IceCandidateEvent(sessionId, host.Fingerprint, 3, "candidate:2 <&> 😀", "audio", 1),
            await guest.NextAsync<IceCandidateEvent>());
        Assert.Equal(new IceCandidateEvent(sessionId, host.Fingerprint, 4, "", null, null),
            await guest.NextAsync<IceCandidateEvent>());

        Assert.Equal(5, json.ReadByHand - readBefore);
        Assert.Equal(5, json.WrittenByHand - writtenBefore);
    }

    public void Dispose() => _directory.Dispose();
}
