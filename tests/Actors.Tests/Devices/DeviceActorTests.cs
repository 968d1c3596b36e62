using Akka.Actor;
using SignalingAkka.Actors.Common;
using SignalingAkka.Actors.Devices;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Protocol;
using Xunit.Abstractions;

namespace SignalingAkka.Actors.Tests.Devices;

public sealed class DeviceActorTests(ITestOutputHelper output) : ActorSpec(output)
{
    private const string KeyA = "key-a-MCowBQYDK2VwAyEA";
    private const string KeyB = "key-b-MCowBQYDK2VwAyEB";

    private IActorRef NewDevice(string fingerprint, EntitySettings? settings = null) =>
        Sys.ActorOf(DeviceActor.Props(fingerprint, Clock, settings ?? Entity, ReadModel));

    private static DeviceCommands.Register Register(string fingerprint, string key, string name = "Pixel 9") =>
        new(fingerprint, key, name, Platform.ANDROID, DeviceType.PHONE, "user-1");

    private DeviceQueries.DeviceFound Get(IActorRef device, string fingerprint) =>
        Reply<DeviceQueries.DeviceFound>(device, new DeviceCommands.Get(fingerprint));

    [Fact]
    public void First_registration_is_new_and_gets_a_uuid()
    {
        var fp = Fp('a');
        var device = NewDevice(fp);

        var result = Reply<RegisterDeviceResult>(device, Register(fp, KeyA));

        Assert.True(result.IsNew);
        Assert.True(Guid.TryParse(result.DeviceId, out _), $"deviceId {result.DeviceId} is not a uuid");
        var found = Get(device, fp);
        Assert.Equal(new DeviceQueries.DeviceFound(fp, result.DeviceId, KeyA, "Pixel 9", Platform.ANDROID,
            DeviceType.PHONE, "user-1", Blocked: false, RegisteredAt: Start), found);
    }

    [Fact]
    public void Another_fingerprint_gets_another_device_id()
    {
        var first = Reply<RegisterDeviceResult>(NewDevice(Fp('a')), Register(Fp('a'), KeyA));
        var second = Reply<RegisterDeviceResult>(NewDevice(Fp('b')), Register(Fp('b'), KeyA));

        Assert.True(second.IsNew);
        Assert.NotEqual(first.DeviceId, second.DeviceId);
    }

    [Fact]
    public void Unknown_fingerprint_is_reported_unknown()
    {
        var fp = Fp('c');
        var unknown = Reply<DeviceQueries.DeviceUnknown>(NewDevice(fp), new DeviceCommands.Get(fp));
        Assert.Equal(fp, unknown.Fingerprint);
    }

    [Fact]
    public void Registering_again_with_the_same_key_keeps_the_device_id()
    {
        var fp = Fp('a');
        var device = NewDevice(fp);
        var first = Reply<RegisterDeviceResult>(device, Register(fp, KeyA));

        var again = Reply<RegisterDeviceResult>(device, Register(fp, KeyA));

        Assert.False(again.IsNew);
        Assert.Equal(first.DeviceId, again.DeviceId);
    }

    [Fact]
    public void Registering_again_with_new_details_updates_them_without_a_new_id()
    {
        var fp = Fp('a');
        var device = NewDevice(fp);
        var first = Reply<RegisterDeviceResult>(device, Register(fp, KeyA));
        Clock.Advance(TimeSpan.FromMinutes(5));

        var again = Reply<RegisterDeviceResult>(device,
            new DeviceCommands.Register(fp, KeyA, "Pixel 10", Platform.WEB, DeviceType.TABLET, null));

        Assert.Equal(new RegisterDeviceResult(first.DeviceId, false), again);
        var found = Get(device, fp);
        Assert.Equal(("Pixel 10", Platform.WEB, DeviceType.TABLET, (string?)null, Start),
            (found.DeviceName, found.Platform, found.DeviceType, found.UserId, found.RegisteredAt));
    }

    [Fact]
    public void Another_key_for_a_registered_fingerprint_is_a_key_mismatch_and_changes_nothing()
    {
        var fp = Fp('a');
        var device = NewDevice(fp);
        Reply<RegisterDeviceResult>(device, Register(fp, KeyA));
        var before = Get(device, fp);

        Rejected(device, Register(fp, KeyB, "Evil twin"), ErrorCodes.KeyMismatch);

        Assert.Equal(before, Get(device, fp));
        Assert.Equal(KeyA, Get(device, fp).PublicKey);
    }

    [Fact]
    public void A_blocked_device_shows_blocked_and_cannot_register_again()
    {
        var fp = Fp('a');
        var device = NewDevice(fp);
        Reply<RegisterDeviceResult>(device, Register(fp, KeyA));

        Reply<EmptyResult>(device, new DeviceCommands.SetBlocked(fp, true));

        Assert.True(Get(device, fp).Blocked);
        Rejected(device, Register(fp, KeyA), ErrorCodes.DeviceBlocked);
        Rejected(device, Register(fp, KeyA, "renamed while blocked"), ErrorCodes.DeviceBlocked);
        Assert.Equal("Pixel 9", Get(device, fp).DeviceName);
    }

    [Fact]
    public void An_unblocked_device_can_register_again_with_its_old_id()
    {
        var fp = Fp('a');
        var device = NewDevice(fp);
        var first = Reply<RegisterDeviceResult>(device, Register(fp, KeyA));
        Reply<EmptyResult>(device, new DeviceCommands.SetBlocked(fp, true));

        Reply<EmptyResult>(device, new DeviceCommands.SetBlocked(fp, false));

        Assert.False(Get(device, fp).Blocked);
        Assert.Equal(new RegisterDeviceResult(first.DeviceId, false), Reply<RegisterDeviceResult>(device, Register(fp, KeyA)));
    }

    [Fact]
    public void Blocking_an_unknown_fingerprint_is_not_registered_and_creates_nothing()
    {
        var fp = Fp('d');
        var device = NewDevice(fp);

        Rejected(device, new DeviceCommands.SetBlocked(fp, true), ErrorCodes.NotRegistered);

        Reply<DeviceQueries.DeviceUnknown>(device, new DeviceCommands.Get(fp));
        Assert.True(Reply<RegisterDeviceResult>(device, Register(fp, KeyA)).IsNew);
    }

    [Fact]
    public void Accepted_changes_reach_the_read_model_and_refused_ones_do_not()
    {
        var fp = Fp('a');
        var device = NewDevice(fp);
        var registered = Reply<RegisterDeviceResult>(device, Register(fp, KeyA));
        Rejected(device, Register(fp, KeyB), ErrorCodes.KeyMismatch);
        Clock.Advance(TimeSpan.FromMinutes(1));
        Reply<EmptyResult>(device, new DeviceCommands.SetBlocked(fp, true));

        Assert.Equal(new ReadModelRecord[]
        {
            new DeviceUpserted(registered.DeviceId, fp, KeyA, "Pixel 9", Platform.ANDROID, DeviceType.PHONE, "user-1", Start),
            new DeviceBlockChanged(fp, true, Start.AddMinutes(1)),
        }, ReadModel.Records);
    }

    public static TheoryData<string> PersistencePolicies => new() { "journal only", "snapshot every event" };

    [Theory]
    [MemberData(nameof(PersistencePolicies))]
    public void The_device_survives_a_restart(string policy)
    {
        var settings = policy == "journal only" ? Entity : SnapshotEveryEvent;
        var fp = Fp('e');
        var device = NewDevice(fp, settings);
        var first = Reply<RegisterDeviceResult>(device, Register(fp, KeyA));
        Reply<RegisterDeviceResult>(device, Register(fp, KeyA, "Renamed"));
        Reply<EmptyResult>(device, new DeviceCommands.SetBlocked(fp, true));
        var before = Get(device, fp);
        StopAndWait(device);

        var recovered = NewDevice(fp, settings);

        Assert.Equal(before, Get(recovered, fp));
        Assert.Equal(first.DeviceId, before.DeviceId);
        Assert.True(before.Blocked);
        Assert.Equal("Renamed", before.DeviceName);
        Rejected(recovered, Register(fp, KeyB), ErrorCodes.KeyMismatch);
        Rejected(recovered, Register(fp, KeyA, "Renamed"), ErrorCodes.DeviceBlocked);
        Reply<EmptyResult>(recovered, new DeviceCommands.SetBlocked(fp, false));
        Assert.Equal(new RegisterDeviceResult(first.DeviceId, false),
            Reply<RegisterDeviceResult>(recovered, Register(fp, KeyA, "Renamed")));
    }
}
