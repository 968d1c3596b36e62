using SignalingAkka.Protocol;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.Calls;

/// <summary>Capability scores elect the hub; every change reaches every participant once.</summary>
public sealed class HubElectionTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private static readonly Capabilities Phone = new(8, 8192, 40, false, 50, "PHONE", "CELLULAR", 1080, ["VP8"]);
    private static readonly Capabilities Workstation =
        new(16, 32768, 100, true, 1000, "DESKTOP", "ETHERNET", 3840, ["VP8", "VP9", "H264", "AV1"]);

    [Fact]
    public async Task CapabilityUpdate_moves_the_hub_and_everyone_hears_it_once()
    {
        var host = await fixture.Daemon.ConnectDeviceAsync("phone host");
        var guest = await fixture.Daemon.ConnectDeviceAsync("guest");
        var created = await host.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL, capabilities: Phone);
        var joined = await guest.Client.JoinSessionAsync(created.InviteCode, Phone with { BatteryPercent = 45 });
        Assert.Equal(host.Fingerprint, joined.HubFingerprint);

        var update = await guest.Client.UpdateCapabilitiesAsync(Workstation);

        Assert.Equal(CapabilityScore.Compute(Workstation), update.Score);
        foreach (var device in new[] { host, guest })
        {
            var changed = await device.NextAsync<HubChangedEvent>();
            Assert.Equal((created.SessionId, guest.Fingerprint, host.Fingerprint, update.Score),
                (changed.SessionId, changed.HubFingerprint, changed.PreviousHubFingerprint, changed.Score));
        }

        // A small change of the phone's score does not bring the hub back: nothing more is announced.
        await host.Client.UpdateCapabilitiesAsync(Phone with { BatteryPercent = 100 });
        await host.Client.SendIceCandidateAsync(created.SessionId, guest.Fingerprint, "candidate:marker");
        await guest.NextAsync<IceCandidateEvent>();
        Assert.DoesNotContain(guest.Pending(), e => e.Payload is HubChangedEvent);
        var info = await fixture.Daemon.Gateway.GetSessionAsync(created.SessionId, CancellationToken.None);
        Assert.Equal((guest.Fingerprint, "HUB", "HOST"),
            (info.HubFingerprint, info.Participants[1].Role, info.Participants[0].Role));
    }

    [Fact]
    public async Task CapabilityUpdate_needs_valid_capabilities()
    {
        var device = await fixture.Daemon.ConnectDeviceAsync("device");
        var error = await Assert.ThrowsAsync<Client.SignalingException>(
            () => device.Client.UpdateCapabilitiesAsync(Phone with { BatteryPercent = 101 }));
        Assert.Equal(ErrorCodes.InvalidArgument, error.Code);
    }
}
