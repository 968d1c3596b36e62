using LinqToDB;
using LinqToDB.Data;
using SignalingAkka.Actors.ReadModel;
using SignalingAkka.Protocol;

namespace SignalingAkka.Host.ReadModel;

/// <summary>
/// Rows of session_history and session_participants for the session records. Each runs inside the
/// caller's transaction, and each is safe to run again after a commit whose answer was lost:
/// inserts do nothing on an existing key, updates set values rather than add to them. The records of
/// every session (start, join, leave, end) are plain parameterised SQL, the same text for PostgreSQL and
/// SQLite: linq2db would build and translate an expression tree on every call.
/// </summary>
public static class SessionWrites
{
    public static async Task StartAsync(DataConnection db, SessionStarted record, CancellationToken ct)
    {
        var id = RecordValues.Id(record.SessionId, nameof(record.SessionId));
        var hostUserId = RecordValues.OptionalId(record.HostUserId, nameof(record.HostUserId));
        var sql = new SqlValues(db);

        // The host's id is looked up in the same statement; a retry after a lost commit finds the row and leaves it.
        var inserted = await db.ExecuteAsync("""
            INSERT INTO session_history (id, session_type, host_device_id, host_user_id, license_tier,
                participant_count, hub_migration_count, total_bytes_relayed, started_at)
            SELECT @id, @session_type, d.id, @host_user_id, @license_tier, 0, 0, 0, @started_at
            FROM device_fingerprints d WHERE d.fingerprint = @fingerprint
            ON CONFLICT (id) DO NOTHING
            """, ct,
            sql.Uuid("id", id),
            SqlValues.Text("session_type", RecordValues.Name(record.SessionType)),
            sql.Uuid("host_user_id", hostUserId),
            SqlValues.Text("license_tier", RecordValues.Name(record.Tier)),
            sql.Time("started_at", RecordValues.Utc(record.StartedAt)),
            SqlValues.Text("fingerprint", record.HostFingerprint));
        if (inserted == 0) await DeviceWrites.IdOfAsync(db, record.HostFingerprint, ct); // the row was there, or no such device
    }

    public static async Task JoinAsync(DataConnection db, ParticipantJoinedSession record, CancellationToken ct)
    {
        var sessionId = RecordValues.Id(record.SessionId, nameof(record.SessionId));
        var sql = new SqlValues(db);

        // A session that is not there fails this insert on its foreign key. The same join again (a retry,
        // or a rejoin that kept its joinedAt) stays one row.
        var inserted = await db.ExecuteAsync("""
            INSERT INTO session_participants (session_id, device_id, role, is_licensed, capability_score, joined_at)
            SELECT @session_id, d.id, @role, @is_licensed, @capability_score, @joined_at
            FROM device_fingerprints d WHERE d.fingerprint = @fingerprint
            ON CONFLICT (session_id, device_id, joined_at) DO NOTHING
            """, ct,
            sql.Uuid("session_id", sessionId),
            SqlValues.Text("role", RecordValues.Name(record.Role)),
            SqlValues.Flag("is_licensed", record.IsLicensed),
            SqlValues.Number("capability_score", record.CapabilityScore),
            sql.Time("joined_at", RecordValues.Utc(record.JoinedAt)),
            SqlValues.Text("fingerprint", record.Fingerprint));
        if (inserted == 0) await DeviceWrites.IdOfAsync(db, record.Fingerprint, ct); // the row was there, or no such device
        await SetParticipantCountAsync(db, sql, sessionId, record.ParticipantCount, ct);
    }

    public static async Task LeaveAsync(DataConnection db, ParticipantLeftSession record, CancellationToken ct)
    {
        var sessionId = RecordValues.Id(record.SessionId, nameof(record.SessionId));
        var sql = new SqlValues(db);

        var closed = await db.ExecuteAsync("""
            UPDATE session_participants SET left_at = @left_at
            WHERE session_id = @session_id AND left_at IS NULL
              AND device_id = (SELECT d.id FROM device_fingerprints d WHERE d.fingerprint = @fingerprint)
            """, ct,
            sql.Time("left_at", RecordValues.Utc(record.LeftAt)),
            sql.Uuid("session_id", sessionId),
            SqlValues.Text("fingerprint", record.Fingerprint));
        if (closed == 0) await DeviceWrites.IdOfAsync(db, record.Fingerprint, ct); // already closed, or no such device
        await SetParticipantCountAsync(db, sql, sessionId, record.ParticipantCount, ct);
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
        var sql = new SqlValues(db);
        var endedAt = RecordValues.Utc(record.EndedAt);

        var updated = await db.ExecuteAsync("""
            UPDATE session_history SET end_reason = @end_reason, ended_at = @ended_at, duration_seconds = @duration_seconds,
                participant_count = @participant_count, hub_migration_count = @hub_migration_count
            WHERE id = @id
            """, ct,
            SqlValues.Text("end_reason", RecordValues.Name(record.Reason)),
            sql.Time("ended_at", endedAt),
            SqlValues.Number("duration_seconds", record.DurationSeconds),
            SqlValues.Number("participant_count", record.ParticipantCount),
            SqlValues.Number("hub_migration_count", record.HubMigrationCount),
            sql.Uuid("id", sessionId));
        if (updated == 0) throw MissingSession(sessionId);
        await db.ExecuteAsync(
            "UPDATE session_participants SET left_at = @ended_at WHERE session_id = @session_id AND left_at IS NULL", ct,
            sql.Time("ended_at", endedAt),
            sql.Uuid("session_id", sessionId));
    }

    private static async Task SetParticipantCountAsync(DataConnection db, SqlValues sql, Guid sessionId, int count,
        CancellationToken ct)
    {
        var updated = await db.ExecuteAsync("UPDATE session_history SET participant_count = @participant_count WHERE id = @id", ct,
            SqlValues.Number("participant_count", count),
            sql.Uuid("id", sessionId));
        if (updated == 0) throw MissingSession(sessionId);
    }

    private static MissingReferenceException MissingSession(Guid sessionId) =>
        new($"session {sessionId} is not in session_history");

    private static IQueryable<SessionParticipantRow> OpenRows(DataConnection db, Guid sessionId) =>
        db.GetTable<SessionParticipantRow>().Where(p => p.SessionId == sessionId && p.LeftAt == null);

    /// <summary>Updates the session's row; a session that is not there is a missing reference.</summary>
    private static async Task UpdateSessionAsync(DataConnection db, Guid sessionId,
        Func<IQueryable<SessionHistoryRow>, LinqToDB.Linq.IUpdatable<SessionHistoryRow>> set, CancellationToken ct)
    {
        var updated = await set(db.GetTable<SessionHistoryRow>().Where(s => s.Id == sessionId)).UpdateAsync(ct);
        if (updated == 0) throw MissingSession(sessionId);
    }
}
