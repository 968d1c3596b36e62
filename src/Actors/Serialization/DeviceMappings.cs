using SignalingAkka.Actors.Devices;

namespace SignalingAkka.Actors.Serialization;

/// <summary>Device commands, queries, persisted events and snapshot.</summary>
internal static class DeviceMappings
{
    public static IEnumerable<MessageMapping> All =>
    [
        MessageMapping.Of("dcr", Proto.RegisterDevice.Parser, ToProto, FromProto),
        MessageMapping.Of("dcg", Proto.GetDevice.Parser, ToProto, FromProto),
        MessageMapping.Of("dcb", Proto.SetDeviceBlocked.Parser, ToProto, FromProto),
        MessageMapping.Of("dqf", Proto.DeviceFound.Parser, ToProto, FromProto),
        MessageMapping.Of("dqu", Proto.DeviceUnknown.Parser, ToProto, FromProto),
        MessageMapping.Of("der", Proto.DeviceRegistered.Parser, ToProto, FromProto),
        MessageMapping.Of("deu", Proto.DeviceDetailsUpdated.Parser, ToProto, FromProto),
        MessageMapping.Of("deb", Proto.DeviceBlockChanged.Parser, ToProto, FromProto),
        MessageMapping.Of("ds", Proto.DeviceState.Parser, ToProto, FromProto),
    ];

    private static Proto.RegisterDevice ToProto(DeviceCommands.Register m)
    {
        var proto = new Proto.RegisterDevice
        {
            Fingerprint = m.Fingerprint, PublicKey = m.PublicKey, DeviceName = m.DeviceName,
            Platform = m.Platform.ToProto(), DeviceType = m.DeviceType.ToProto(),
        };
        if (m.UserId is not null) proto.UserId = m.UserId;
        return proto;
    }

    private static DeviceCommands.Register FromProto(Proto.RegisterDevice p) =>
        new(p.Fingerprint, p.PublicKey, p.DeviceName, p.Platform.ToDomain(), p.DeviceType.ToDomain(),
            p.HasUserId ? p.UserId : null);

    private static Proto.GetDevice ToProto(DeviceCommands.Get m) => new() { Fingerprint = m.Fingerprint };

    private static DeviceCommands.Get FromProto(Proto.GetDevice p) => new(p.Fingerprint);

    private static Proto.SetDeviceBlocked ToProto(DeviceCommands.SetBlocked m) =>
        new() { Fingerprint = m.Fingerprint, Blocked = m.Blocked };

    private static DeviceCommands.SetBlocked FromProto(Proto.SetDeviceBlocked p) => new(p.Fingerprint, p.Blocked);

    private static Proto.DeviceFound ToProto(DeviceQueries.DeviceFound m)
    {
        var proto = new Proto.DeviceFound
        {
            Fingerprint = m.Fingerprint, DeviceId = m.DeviceId, PublicKey = m.PublicKey, DeviceName = m.DeviceName,
            Platform = m.Platform.ToProto(), DeviceType = m.DeviceType.ToProto(), Blocked = m.Blocked,
            RegisteredAt = m.RegisteredAt.ToProto(),
        };
        if (m.UserId is not null) proto.UserId = m.UserId;
        return proto;
    }

    private static DeviceQueries.DeviceFound FromProto(Proto.DeviceFound p) =>
        new(p.Fingerprint, p.DeviceId, p.PublicKey, p.DeviceName, p.Platform.ToDomain(), p.DeviceType.ToDomain(),
            p.HasUserId ? p.UserId : null, p.Blocked, p.RegisteredAt.ToDomain());

    private static Proto.DeviceUnknown ToProto(DeviceQueries.DeviceUnknown m) => new() { Fingerprint = m.Fingerprint };

    private static DeviceQueries.DeviceUnknown FromProto(Proto.DeviceUnknown p) => new(p.Fingerprint);

    private static Proto.DeviceRegistered ToProto(DeviceEvents.Registered m)
    {
        var proto = new Proto.DeviceRegistered
        {
            DeviceId = m.DeviceId, PublicKey = m.PublicKey, DeviceName = m.DeviceName,
            Platform = m.Platform.ToProto(), DeviceType = m.DeviceType.ToProto(), At = m.At.ToProto(),
        };
        if (m.UserId is not null) proto.UserId = m.UserId;
        return proto;
    }

    private static DeviceEvents.Registered FromProto(Proto.DeviceRegistered p) =>
        new(p.DeviceId, p.PublicKey, p.DeviceName, p.Platform.ToDomain(), p.DeviceType.ToDomain(),
            p.HasUserId ? p.UserId : null, p.At.ToDomain());

    private static Proto.DeviceDetailsUpdated ToProto(DeviceEvents.DetailsUpdated m)
    {
        var proto = new Proto.DeviceDetailsUpdated
        {
            DeviceName = m.DeviceName, Platform = m.Platform.ToProto(), DeviceType = m.DeviceType.ToProto(),
            At = m.At.ToProto(),
        };
        if (m.UserId is not null) proto.UserId = m.UserId;
        return proto;
    }

    private static DeviceEvents.DetailsUpdated FromProto(Proto.DeviceDetailsUpdated p) =>
        new(p.DeviceName, p.Platform.ToDomain(), p.DeviceType.ToDomain(), p.HasUserId ? p.UserId : null,
            p.At.ToDomain());

    private static Proto.DeviceBlockChanged ToProto(DeviceEvents.BlockChanged m) =>
        new() { Blocked = m.Blocked, At = m.At.ToProto() };

    private static DeviceEvents.BlockChanged FromProto(Proto.DeviceBlockChanged p) => new(p.Blocked, p.At.ToDomain());

    private static Proto.DeviceState ToProto(DeviceState m)
    {
        var proto = new Proto.DeviceState
        {
            Fingerprint = m.Fingerprint, DeviceId = m.DeviceId, PublicKey = m.PublicKey, DeviceName = m.DeviceName,
            Platform = m.Platform.ToProto(), DeviceType = m.DeviceType.ToProto(), Blocked = m.Blocked,
            RegisteredAt = m.RegisteredAt.ToProto(),
        };
        if (m.UserId is not null) proto.UserId = m.UserId;
        return proto;
    }

    private static DeviceState FromProto(Proto.DeviceState p) =>
        new(p.Fingerprint, p.DeviceId, p.PublicKey, p.DeviceName, p.Platform.ToDomain(), p.DeviceType.ToDomain(),
            p.HasUserId ? p.UserId : null, p.Blocked, p.RegisteredAt.ToDomain());
}
