using Microsoft.Extensions.DependencyInjection;
using SignalingAkka.Host.ReadModel;
using SignalingAkka.Protocol;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.ReadModel;

/// <summary>The real daemon on SQLite: what its actors record while a call happens reaches the tables.</summary>
public sealed class DaemonReadModelTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_call_through_the_daemon_lands_in_the_read_model()
    {
        var hostUserId = Guid.NewGuid();
        await using var daemon = await Daemon.StartAsync(_directory.Path,
            settings: new Dictionary<string, string?> { ["Signaling:Licenses:1:UserId"] = hostUserId.ToString() });
        var host = await daemon.ConnectDeviceAsync("host");
        var guest = await daemon.ConnectDeviceAsync("guest");

        var created = await host.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
        await guest.Client.JoinSessionAsync(created.InviteCode);
        await guest.Client.LeaveSessionAsync(created.SessionId);
        await host.Client.LeaveSessionAsync(created.SessionId);

        var queries = daemon.Services.GetRequiredService<ReadModelQueries>();
        var sessionId = Guid.Parse(created.SessionId);
        await Eventually.TrueAsync(
            async () => (await queries.SessionAsync(sessionId, CancellationToken.None))?.EndedAt is not null,
            "the session's end in session_history");

        var session = (await queries.SessionAsync(sessionId, CancellationToken.None))!;
        var hostDevice = (await queries.DeviceAsync(host.Fingerprint, CancellationToken.None))!;
        var guestDevice = (await queries.DeviceAsync(guest.Fingerprint, CancellationToken.None))!;
        Assert.Equal(("CALL", "PRO", hostUserId, hostDevice.Id, "HOST_LEFT"),
            (session.SessionType, session.LicenseTier, session.HostUserId, session.HostDeviceId, session.EndReason));
        Assert.Equal(("host", "DESKTOP", false), (hostDevice.DeviceName, hostDevice.Platform, hostDevice.IsBlocked));

        var participants = await queries.ParticipantsAsync(sessionId, CancellationToken.None);
        Assert.Equal([(hostDevice.Id, "HOST", true), (guestDevice.Id, "GUEST", false)],
            participants.Select(p => (p.DeviceId, p.Role, p.IsLicensed)));
        Assert.All(participants, p => Assert.NotNull(p.LeftAt));
        Assert.True(participants[1].LeftAt <= session.EndedAt);
    }
}
