using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using SignalingAkka.Actors.ReadModel;

namespace SignalingAkka.Host.ReadModel;

/// <summary>Rows of device_fingerprints for the device records. Each runs inside the caller's transaction.</summary>
public static class DeviceWrites
{
    /// <summary>Insert, or update by fingerprint. Keeps id, created_at and is_blocked of an existing row.</summary>
    public static async Task UpsertAsync(DataConnection db, DeviceUpserted record, CancellationToken ct)
    {
        var id = RecordValues.Id(record.DeviceId, nameof(record.DeviceId));
        var userId = RecordValues.OptionalId(record.UserId, nameof(record.UserId));
        var fingerprint = record.Fingerprint;
        var publicKey = record.PublicKey;
        var deviceName = record.DeviceName;
        var platform = RecordValues.Name(record.Platform);
        var deviceType = RecordValues.Name(record.DeviceType);
        var at = RecordValues.Utc(record.At);

        await db.GetTable<DeviceFingerprintRow>().InsertOrUpdateAsync(
            () => new DeviceFingerprintRow
            {
                Id = id,
                UserId = userId,
                Fingerprint = fingerprint,
                PublicKey = publicKey,
                DeviceName = deviceName,
                Platform = platform,
                DeviceType = deviceType,
                LastSeen = at,
                IsBlocked = false,
                CreatedAt = at,
            },
            existing => new DeviceFingerprintRow
            {
                UserId = userId,
                PublicKey = publicKey,
                DeviceName = deviceName,
                Platform = platform,
                DeviceType = deviceType,
                LastSeen = at,
            },
            () => new DeviceFingerprintRow { Fingerprint = fingerprint },
            ct);
    }

    public static Task SetBlockedAsync(DataConnection db, DeviceBlockChanged record, CancellationToken ct) =>
        UpdateDeviceAsync(db, record.Fingerprint,
            devices => devices.Set(d => d.IsBlocked, record.Blocked), ct);

    public static Task SetLastSeenAsync(DataConnection db, DeviceSeen record, CancellationToken ct)
    {
        var at = RecordValues.Utc(record.At);
        return UpdateDeviceAsync(db, record.Fingerprint, devices => devices.Set(d => d.LastSeen, at), ct);
    }

    public static Task SetCapabilitiesAsync(DataConnection db, DeviceCapabilitiesUpdated record, CancellationToken ct)
    {
        var json = RecordValues.CapabilitiesJson(record.Capabilities, record.Score);
        return UpdateDeviceAsync(db, record.Fingerprint, devices => devices.Set(d => d.LastCapabilities, json), ct);
    }

    /// <summary>The device's id, or <see cref="MissingReferenceException"/> when its row is not there.</summary>
    public static async Task<Guid> IdOfAsync(DataConnection db, string fingerprint, CancellationToken ct)
    {
        var ids = await db.GetTable<DeviceFingerprintRow>()
            .Where(d => d.Fingerprint == fingerprint)
            .Select(d => d.Id)
            .ToListAsync(ct);
        return ids.Count == 1
            ? ids[0]
            : throw new MissingReferenceException($"device {fingerprint} is not in device_fingerprints");
    }

    private static async Task UpdateDeviceAsync(DataConnection db, string fingerprint,
        Func<IQueryable<DeviceFingerprintRow>, LinqToDB.Linq.IUpdatable<DeviceFingerprintRow>> set, CancellationToken ct)
    {
        var updated = await set(db.GetTable<DeviceFingerprintRow>().Where(d => d.Fingerprint == fingerprint)).UpdateAsync(ct);
        if (updated == 0) throw new MissingReferenceException($"device {fingerprint} is not in device_fingerprints");
    }
}
