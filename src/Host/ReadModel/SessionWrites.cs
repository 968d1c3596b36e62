using LinqToDB;
using LinqToDB.Data;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// Rows of session_history and session_participants for the session records. Each runs inside the
/// caller's transaction, and each is safe to run again after a commit whose answer was lost:
/// inserts do nothing on an existing key, updates set values rather than add to them.
/// </summary>
public static class SessionWrites
{
    public static async Task StartAsync(DataConnection db, SessionStarted record, CancellationToken ct)
    {
        var id = RecordValues.Id(record.SessionId, nameof(record.SessionId));
        var hostUserId = RecordValues.OptionalId(record.HostUserId, nameof(record.HostUserId));
        var hostDeviceId = await DeviceWrites.IdOfAsync(db, record.HostFingerprint, ct);
        var sessionType = RecordValues.Name(record.SessionType);
        var tier = RecordValues.Name(record.Tier);
        var startedAt = RecordValues.Utc(record.StartedAt);

        await db.GetTable<SessionHistoryRow>().InsertOrUpdateAsync(
            () => new SessionHistoryRow
            {
                Id = id,
                SessionType = sessionType,
                HostDeviceId = hostDeviceId,
                HostUserId = hostUserId,
                LicenseTier = tier,
                ParticipantCount = 0,
                HubMigrationCount = 0,
                TotalBytesRelayed = 0,
                StartedAt = startedAt,
            },
            null, // a retry after a lost commit finds the row: leave it
            ct);
    }

    public static async Task JoinAsync(DataConnection db, ParticipantJoinedSession record, CancellationToken ct)
    {
        var sessionId = RecordValues.Id(record.SessionId, nameof(record.SessionId));
        var deviceId = await DeviceWrites.IdOfAsync(db, record.Fingerprint, ct);
        var role = RecordValues.Name(record.Role);
        var joinedAt = RecordValues.Utc(record.JoinedAt);

        // A session that is not there fails this insert on its foreign key.
        await db.GetTable<SessionParticipantRow>().InsertOrUpdateAsync(
            () => new SessionParticipantRow
            {
                SessionId = sessionId,
                DeviceId = deviceId,
                Role = role,
                IsLicensed = record.IsLicensed,
                CapabilityScore = record.CapabilityScore,
                JoinedAt = joinedAt,
            },
            null, // the same join again (a retry, or a rejoin that kept its joinedAt): one row
            ct);
        await UpdateSessionAsync(db, sessionId,
            sessions => sessions.Set(s => s.ParticipantCount, record.ParticipantCount), ct);
    }

    public static async Task LeaveAsync(DataConnection db, ParticipantLeftSession record, CancellationToken ct)
    {
        var sessionId = RecordValues.Id(record.SessionId, nameof(record.SessionId));
        var deviceId = await DeviceWrites.IdOfAsync(db, record.Fingerprint, ct);
        var leftAt = RecordValues.Utc(record.LeftAt);

        await OpenRows(db, sessionId).Where(p => p.DeviceId == deviceId).Set(p => p.LeftAt, leftAt).UpdateAsync(ct);
        await UpdateSessionAsync(db, sessionId,
            sessions => sessions.Set(s => s.ParticipantCount, record.ParticipantCount), ct);
    }

    /// <summary>The new hub's open row becomes HUB and the previous hub's GUEST; the host stays HOST either way.</summary>
    public static async Task MigrateHubAsync(DataConnection db, HubMigrated record, CancellationToken ct)
    {
        var sessionId = RecordValues.Id(record.SessionId, nameof(record.SessionId));
        var host = nameof(ParticipantRole.HOST);
        var hub = nameof(ParticipantRole.HUB);
        var guest = nameof(ParticipantRole.GUEST);

        if (record.PreviousHubFingerprint is { } previousFingerprint && previousFingerprint != record.NewHubFingerprint)
        {
            var previousId = await DeviceWrites.IdOfAsync(db, previousFingerprint, ct);
            await OpenRows(db, sessionId).Where(p => p.DeviceId == previousId && p.Role != host)
                .Set(p => p.Role, guest).UpdateAsync(ct);
        }

        var newHubId = await DeviceWrites.IdOfAsync(db, record.NewHubFingerprint, ct);
        await OpenRows(db, sessionId).Where(p => p.DeviceId == newHubId && p.Role != host)
            .Set(p => p.Role, hub).UpdateAsync(ct);
        await UpdateSessionAsync(db, sessionId,
            sessions => sessions.Set(s => s.HubMigrationCount, record.HubMigrationCount), ct);
    }

    /// <summary>Closes the session row and every participant row still open, at the end time.</summary>
    public static async Task EndAsync(DataConnection db, SessionEndedRecord record, CancellationToken ct)
    {
        var sessionId = RecordValues.Id(record.SessionId, nameof(record.SessionId));
        var reason = RecordValues.Name(record.Reason);
        var endedAt = RecordValues.Utc(record.EndedAt);

        await UpdateSessionAsync(db, sessionId, sessions => sessions
            .Set(s => s.EndReason, reason)
            .Set(s => s.EndedAt, endedAt)
            .Set(s => s.DurationSeconds, record.DurationSeconds)
            .Set(s => s.ParticipantCount, record.ParticipantCount)
            .Set(s => s.HubMigrationCount, record.HubMigrationCount), ct);
        await OpenRows(db, sessionId).Set(p => p.LeftAt, endedAt).UpdateAsync(ct);
    }

    private static IQueryable<SessionParticipantRow> OpenRows(DataConnection db, Guid sessionId) =>
        db.GetTable<SessionParticipantRow>().Where(p => p.SessionId == sessionId && p.LeftAt == null);

    /// <summary>Updates the session's row; a session that is not there is a missing reference.</summary>
    private static async Task UpdateSessionAsync(DataConnection db, Guid sessionId,
        Func<IQueryable<SessionHistoryRow>, LinqToDB.Linq.IUpdatable<SessionHistoryRow>> set, CancellationToken ct)
    {
        var updated = await set(db.GetTable<SessionHistoryRow>().Where(s => s.Id == sessionId)).UpdateAsync(ct);
        if (updated == 0) throw new MissingReferenceException($"session {sessionId} is not in session_history");
    }
}
