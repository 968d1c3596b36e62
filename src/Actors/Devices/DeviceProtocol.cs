using SignalingAkka.Actors.Common;
using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.Devices;

/// <summary>A message for the device entity with this fingerprint.</summary>
public interface IDeviceMessage : ISignalingMessage
{
    string Fingerprint { get; }
}

public static class DeviceCommands
{
    /// <summary>Upsert by fingerprint. Replies <see cref="RegisterDeviceResult"/> or <see cref="CommandRejected"/>.</summary>
    public sealed record Register(
        string Fingerprint, string PublicKey, string DeviceName, Platform Platform, DeviceType DeviceType,
        string? UserId) : IDeviceMessage;

    /// <summary>Replies <see cref="DeviceQueries.DeviceFound"/> or <see cref="DeviceQueries.DeviceUnknown"/>.</summary>
    public sealed record Get(string Fingerprint) : IDeviceMessage;

    /// <summary>An operator blocks or unblocks a device. Replies <see cref="SignalingAkka.Protocol.EmptyResult"/> or <see cref="CommandRejected"/>.</summary>
    public sealed record SetBlocked(string Fingerprint, bool Blocked) : IDeviceMessage;
}

public static class DeviceQueries
{
    public sealed record DeviceFound(
        string Fingerprint, string DeviceId, string PublicKey, string DeviceName, Platform Platform,
        DeviceType DeviceType, string? UserId, bool Blocked, DateTimeOffset RegisteredAt) : ISignalingMessage;

    public sealed record DeviceUnknown(string Fingerprint) : ISignalingMessage;
}

/// <summary>Persisted facts of a device's life.</summary>
public static class DeviceEvents
{
    public sealed record Registered(
        string DeviceId, string PublicKey, string DeviceName, Platform Platform, DeviceType DeviceType,
        string? UserId, DateTimeOffset At) : ISignalingMessage;

    public sealed record DetailsUpdated(
        string DeviceName, Platform Platform, DeviceType DeviceType, string? UserId, DateTimeOffset At) : ISignalingMessage;

    public sealed record BlockChanged(bool Blocked, DateTimeOffset At) : ISignalingMessage;
}
