using Microsoft.Extensions.DependencyInjection;
using SignalingAkka.Host.ReadModel;
using SignalingAkka.Integration.Tests.Calls;
using SignalingAkka.Integration.Tests.Infrastructure;
using SignalingAkka.Protocol;
using SignalingAkka.Tests.Support;

namespace SignalingAkka.Integration.Tests.ReadModel;

/// <summary>The real daemon: what its actors record while a call happens reaches the tables, on both storages.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DaemonReadModelTests(PostgresFixture postgres) : IDisposable
{
    private static readonly Capabilities Workstation =
        new(16, 32768, 100, true, 1000, "DESKTOP", "ETHERNET", 3840, ["VP8", "VP9", "H264", "AV1"]);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(Storage.Sqlite)]
    [InlineData(Storage.Postgres)]
    public async Task A_call_through_the_daemon_lands_in_the_read_model(Storage storage)
    {
        var hostUserId = Guid.NewGuid();
        var connectionString = storage == Storage.Postgres ? await postgres.CreateDatabaseAsync() : null;
        await using var daemon = await Daemon.StartAsync(_directory.Path, connectionString,
            settings: new Dictionary<string, string?> { ["Signaling:Licenses:1:UserId"] = hostUserId.ToString() });
        var host = await daemon.ConnectDeviceAsync("host");
        var guest = await daemon.ConnectDeviceAsync("guest");

        var created = await host.Client.CreateSessionAsync(Daemon.ProLicense, SessionType.CALL);
        var joined = await guest.Client.JoinSessionAsync(created.InviteCode, Workstation);
        Assert.Equal(guest.Fingerprint, joined.HubFingerprint);
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
        // The stronger guest took the hub on joining and gave it back to the host on leaving; the session
        // ended with the host alone in it.
        Assert.Equal((2, 1), (session.HubMigrationCount, session.ParticipantCount));
        Assert.Equal((int)(session.EndedAt!.Value - session.StartedAt).TotalSeconds, session.DurationSeconds);
        Assert.Equal(("host", "DESKTOP", false), (hostDevice.DeviceName, hostDevice.Platform, hostDevice.IsBlocked));

        var participants = await queries.ParticipantsAsync(sessionId, CancellationToken.None);
        // A row keeps the role its device held when it left: the guest left as the hub.
        Assert.Equal([(hostDevice.Id, "HOST", true, 0), (guestDevice.Id, "HUB", false, CapabilityScore.Compute(Workstation))],
            participants.Select(p => (p.DeviceId, p.Role, p.IsLicensed, p.CapabilityScore)));
        Assert.All(participants, p => Assert.NotNull(p.LeftAt));
        Assert.True(participants[1].LeftAt <= session.EndedAt);
        Assert.True(participants[0].JoinedAt <= participants[1].JoinedAt);
    }
}
