using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Protocol;

namespace SignalingAkka.Integration.Tests.ReadModel;

/// <summary>
/// A session's life as the actors would record it: three devices, a host, two hub migrations, a
/// guest who leaves and joins again, a block, the end. Times are whole microseconds, which both
/// PostgreSQL and the SQLite text form keep exactly.
/// </summary>
internal sealed class ScriptedSession
{
    public static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_560);

    public Device Host { get; } = Device.Create("host", Platform.DESKTOP, DeviceType.DESKTOP);
    public Device Alice { get; } = Device.Create("alice", Platform.ANDROID, DeviceType.PHONE);
    public Device Bob { get; } = Device.Create("bob", Platform.IOS, DeviceType.TABLET);
    public Guid SessionId { get; } = Guid.NewGuid();
    public Guid HostUserId { get; } = Guid.NewGuid();

    public static Capabilities AliceCapabilities { get; } =
        new(8, 6144, 77, true, 120.5, "PHONE", "WIFI", 1080, ["VP8", "H264"]);

    public static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    public IReadOnlyList<ReadModelRecord> Records() =>
    [
        Host.Upserted(At(0), userId: HostUserId),
        Alice.Upserted(At(0)),
        Bob.Upserted(At(0)),
        new DeviceCapabilitiesUpdated(Alice.Fingerprint, AliceCapabilities, 80, At(1)),
        new DeviceSeen(Bob.Fingerprint, At(2)),
        new SessionStarted(Id, SessionType.CALL, Host.Fingerprint, HostUserId.ToString(), Tier.PRO, At(10)),
        new ParticipantJoinedSession(Id, Host.Fingerprint, ParticipantRole.HOST, true, 50, At(10), 1),
        new ParticipantJoinedSession(Id, Alice.Fingerprint, ParticipantRole.GUEST, false, 80, At(20), 2),
        new HubMigrated(Id, Host.Fingerprint, Alice.Fingerprint, 1),
        new ParticipantJoinedSession(Id, Bob.Fingerprint, ParticipantRole.GUEST, false, 90, At(30), 3),
        new HubMigrated(Id, Alice.Fingerprint, Bob.Fingerprint, 2),
        new ParticipantLeftSession(Id, Alice.Fingerprint, At(40), 2),
        new ParticipantJoinedSession(Id, Alice.Fingerprint, ParticipantRole.GUEST, false, 75, At(50), 3),
        new DeviceBlockChanged(Bob.Fingerprint, true, At(60)),
        Host.Upserted(At(70), name: "host renamed", userId: HostUserId),
        new SessionEndedRecord(Id, EndReason.COMPLETED, At(100), 90, 3, 2),
    ];

    private string Id => SessionId.ToString();

    public sealed record Device(Guid Id, string Fingerprint, string Name, Platform Platform, DeviceType Type)
    {
        public static Device Create(string name, Platform platform, DeviceType type) =>
            new(Guid.NewGuid(), Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
                name, platform, type);

        public DeviceUpserted Upserted(DateTimeOffset at, string? name = null, Guid? userId = null) =>
            new(Id.ToString(), Fingerprint, $"key-of-{Name}", name ?? Name, Platform, Type, userId?.ToString(), at);
    }
}
