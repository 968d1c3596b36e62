using SignalingAkka.Actors.ReadModel;

namespace SignalingAkka.Host.ReadModel;

/// <summary>What a statement that changed no row means.</summary>
public enum WhenNoRow
{
    /// <summary>Nothing to change is a normal outcome.</summary>
    Fine,

    /// <summary>The row was already there (a retry after a lost commit), or the device is not in device_fingerprints.</summary>
    CheckDevice,

    /// <summary>The session is not in session_history.</summary>
    SessionMissing,
}

public enum SqlValueKind
{
    Uuid,
    Time,
    Text,
    Number,
    Flag,
}

/// <summary>A named parameter value, independent of the database it goes to.</summary>
public readonly record struct SqlValue(string Name, object? Value, SqlValueKind Kind)
{
    public static SqlValue Uuid(string name, Guid? value) => new(name, value, SqlValueKind.Uuid);

    public static SqlValue Time(string name, DateTimeOffset value) => new(name, RecordValues.Utc(value), SqlValueKind.Time);

    public static SqlValue Text(string name, string? value) => new(name, value, SqlValueKind.Text);

    public static SqlValue Number(string name, int value) => new(name, value, SqlValueKind.Number);

    public static SqlValue Flag(string name, bool value) => new(name, value, SqlValueKind.Flag);
}

/// <summary>
/// One parameterised statement of a record, and what it means when it changes no row; <paramref name="Subject"/>
/// is the device fingerprint or the session id that outcome is about.
/// </summary>
public sealed record SessionStatement(string Sql, SqlValue[] Values, WhenNoRow NoRow, string Subject = "");

/// <summary>
/// The statements of the records of every session (start, join, leave, end): plain parameterised SQL,
/// the same text for PostgreSQL and SQLite. Each is safe to run again after a commit whose answer was
/// lost: inserts do nothing on an existing key, updates set values rather than add to them.
/// </summary>
public static class SessionStatements
{
    // The host's id is looked up in the same statement; a retry after a lost commit finds the row and leaves it.
    private const string StartSql = """
        INSERT INTO session_history (id, session_type, host_device_id, host_user_id, license_tier,
            participant_count, hub_migration_count, total_bytes_relayed, started_at)
        SELECT @id, @session_type, d.id, @host_user_id, @license_tier, 0, 0, 0, @started_at
        FROM device_fingerprints d WHERE d.fingerprint = @fingerprint
        ON CONFLICT (id) DO NOTHING
        """;

    // A session that is not there fails this insert on its foreign key. The same join again (a retry,
    // or a rejoin that kept its joinedAt) stays one row.
    private const string JoinSql = """
        INSERT INTO session_participants (session_id, device_id, role, is_licensed, capability_score, joined_at)
        SELECT @session_id, d.id, @role, @is_licensed, @capability_score, @joined_at
        FROM device_fingerprints d WHERE d.fingerprint = @fingerprint
        ON CONFLICT (session_id, device_id, joined_at) DO NOTHING
        """;

    private const string LeaveSql = """
        UPDATE session_participants SET left_at = @left_at
        WHERE session_id = @session_id AND left_at IS NULL
          AND device_id = (SELECT d.id FROM device_fingerprints d WHERE d.fingerprint = @fingerprint)
        """;

    private const string CountSql = "UPDATE session_history SET participant_count = @participant_count WHERE id = @id";

    private const string EndSql = """
        UPDATE session_history SET end_reason = @end_reason, ended_at = @ended_at, duration_seconds = @duration_seconds,
            participant_count = @participant_count, hub_migration_count = @hub_migration_count
        WHERE id = @id
        """;

    private const string CloseOpenRowsSql =
        "UPDATE session_participants SET left_at = @ended_at WHERE session_id = @session_id AND left_at IS NULL";

    /// <summary>Whether the record is a session's start, join, leave or end.</summary>
    public static bool Covers(ReadModelRecord record) =>
        record is SessionStarted or ParticipantJoinedSession or ParticipantLeftSession or SessionEndedRecord;

    /// <summary>The statements of a start, join, leave or end record, in order; null for any other record.</summary>
    public static SessionStatement[]? Of(ReadModelRecord record) => record switch
    {
        SessionStarted r => Start(r),
        ParticipantJoinedSession r => Join(r),
        ParticipantLeftSession r => Leave(r),
        SessionEndedRecord r => End(r),
        _ => null,
    };

    private static SessionStatement[] Start(SessionStarted record) =>
    [
        new(StartSql,
        [
            SqlValue.Uuid("id", RecordValues.Id(record.SessionId, nameof(record.SessionId))),
            SqlValue.Text("session_type", RecordValues.Name(record.SessionType)),
            SqlValue.Uuid("host_user_id", RecordValues.OptionalId(record.HostUserId, nameof(record.HostUserId))),
            SqlValue.Text("license_tier", RecordValues.Name(record.Tier)),
            SqlValue.Time("started_at", record.StartedAt),
            SqlValue.Text("fingerprint", record.HostFingerprint),
        ], WhenNoRow.CheckDevice, record.HostFingerprint),
    ];

    private static SessionStatement[] Join(ParticipantJoinedSession record)
    {
        var sessionId = RecordValues.Id(record.SessionId, nameof(record.SessionId));
        return
        [
            new(JoinSql,
            [
                SqlValue.Uuid("session_id", sessionId),
                SqlValue.Text("role", RecordValues.Name(record.Role)),
                SqlValue.Flag("is_licensed", record.IsLicensed),
                SqlValue.Number("capability_score", record.CapabilityScore),
                SqlValue.Time("joined_at", record.JoinedAt),
                SqlValue.Text("fingerprint", record.Fingerprint),
            ], WhenNoRow.CheckDevice, record.Fingerprint),
            Count(sessionId, record.ParticipantCount),
        ];
    }

    private static SessionStatement[] Leave(ParticipantLeftSession record)
    {
        var sessionId = RecordValues.Id(record.SessionId, nameof(record.SessionId));
        return
        [
            // No row: already closed, or no such device.
            new(LeaveSql,
            [
                SqlValue.Time("left_at", record.LeftAt),
                SqlValue.Uuid("session_id", sessionId),
                SqlValue.Text("fingerprint", record.Fingerprint),
            ], WhenNoRow.CheckDevice, record.Fingerprint),
            Count(sessionId, record.ParticipantCount),
        ];
    }

    /// <summary>Closes the session row and every participant row still open, at the end time.</summary>
    private static SessionStatement[] End(SessionEndedRecord record)
    {
        var sessionId = RecordValues.Id(record.SessionId, nameof(record.SessionId));
        return
        [
            new(EndSql,
            [
                SqlValue.Text("end_reason", RecordValues.Name(record.Reason)),
                SqlValue.Time("ended_at", record.EndedAt),
                SqlValue.Number("duration_seconds", record.DurationSeconds),
                SqlValue.Number("participant_count", record.ParticipantCount),
                SqlValue.Number("hub_migration_count", record.HubMigrationCount),
                SqlValue.Uuid("id", sessionId),
            ], WhenNoRow.SessionMissing, record.SessionId),
            new(CloseOpenRowsSql,
            [
                SqlValue.Time("ended_at", record.EndedAt),
                SqlValue.Uuid("session_id", sessionId),
            ], WhenNoRow.Fine),
        ];
    }

    private static SessionStatement Count(Guid sessionId, int count) =>
        new(CountSql, [SqlValue.Number("participant_count", count), SqlValue.Uuid("id", sessionId)], WhenNoRow.SessionMissing,
            sessionId.ToString());
}
