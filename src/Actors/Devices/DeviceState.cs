using SignalingAkka.Actors.Common;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Devices;

/// <summary>A registered device; <c>null</c> state means the fingerprint was never registered.</summary>
public sealed record DeviceState(
    string Fingerprint, string DeviceId, string PublicKey, string DeviceName, Platform Platform,
    DeviceType DeviceType, string? UserId, bool Blocked, DateTimeOffset RegisteredAt) : ISignalingMessage
{
    public static DeviceState? Apply(DeviceState? state, string fingerprint, object @event) => @event switch
    {
        DeviceEvents.Registered e => new DeviceState(
            fingerprint, e.DeviceId, e.PublicKey, e.DeviceName, e.Platform, e.DeviceType, e.UserId, false, e.At),
        DeviceEvents.DetailsUpdated e when state is not null => state with
        {
            DeviceName = e.DeviceName, Platform = e.Platform, DeviceType = e.DeviceType, UserId = e.UserId,
        },
        DeviceEvents.BlockChanged e when state is not null => state with { Blocked = e.Blocked },
        _ => state,
    };

    public DeviceQueries.DeviceFound ToFound() =>
        new(Fingerprint, DeviceId, PublicKey, DeviceName, Platform, DeviceType, UserId, Blocked, RegisteredAt);
}
