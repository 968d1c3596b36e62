namespace SignalingAkka.Integration.Tests.ReadModel;

/// <summary>The tables of seed chapter 3 as both migrations must create them.</summary>
internal static class ExpectedSchema
{
    public static readonly string[] Tables =
        ["device_fingerprints", "device_pairings", "session_history", "session_participants", "licenses"];

    /// <summary>Every column in order, with its PostgreSQL type (format_type), its SQLite declared type, and nullability.</summary>
    public static readonly ColumnSpec[] Columns =
    [
        new("device_fingerprints", "id", "uuid", "TEXT", false),
        new("device_fingerprints", "user_id", "uuid", "TEXT", true),
        new("device_fingerprints", "fingerprint", "character varying(64)", "TEXT", false),
        new("device_fingerprints", "public_key", "text", "TEXT", false),
        new("device_fingerprints", "device_name", "character varying(100)", "TEXT", true),
        new("device_fingerprints", "platform", "character varying(20)", "TEXT", true),
        new("device_fingerprints", "device_type", "character varying(20)", "TEXT", true),
        new("device_fingerprints", "last_capabilities", "jsonb", "TEXT", true),
        new("device_fingerprints", "last_seen", "timestamp with time zone", "TEXT", true),
        new("device_fingerprints", "is_blocked", "boolean", "INTEGER", false),
        new("device_fingerprints", "created_at", "timestamp with time zone", "TEXT", false),

        new("device_pairings", "id", "uuid", "TEXT", false),
        new("device_pairings", "device_a_id", "uuid", "TEXT", false),
        new("device_pairings", "device_b_id", "uuid", "TEXT", false),
        new("device_pairings", "shared_secret", "character varying(64)", "TEXT", false),
        new("device_pairings", "status", "character varying(20)", "TEXT", false),
        new("device_pairings", "initiated_by", "uuid", "TEXT", true),
        new("device_pairings", "created_at", "timestamp with time zone", "TEXT", false),

        new("session_history", "id", "uuid", "TEXT", false),
        new("session_history", "session_type", "character varying(20)", "TEXT", false),
        new("session_history", "host_device_id", "uuid", "TEXT", false),
        new("session_history", "host_user_id", "uuid", "TEXT", true),
        new("session_history", "license_tier", "character varying(20)", "TEXT", false),
        new("session_history", "end_reason", "character varying(20)", "TEXT", true),
        new("session_history", "participant_count", "integer", "INTEGER", false),
        new("session_history", "hub_migration_count", "integer", "INTEGER", false),
        new("session_history", "total_bytes_relayed", "bigint", "INTEGER", false),
        new("session_history", "avg_latency_ms", "double precision", "REAL", true),
        new("session_history", "started_at", "timestamp with time zone", "TEXT", false),
        new("session_history", "ended_at", "timestamp with time zone", "TEXT", true),
        new("session_history", "duration_seconds", "integer", "INTEGER", true),

        new("session_participants", "session_id", "uuid", "TEXT", false),
        new("session_participants", "device_id", "uuid", "TEXT", false),
        new("session_participants", "role", "character varying(20)", "TEXT", false),
        new("session_participants", "is_licensed", "boolean", "INTEGER", false),
        new("session_participants", "capability_score", "integer", "INTEGER", false),
        new("session_participants", "joined_at", "timestamp with time zone", "TEXT", false),
        new("session_participants", "left_at", "timestamp with time zone", "TEXT", true),

        new("licenses", "token", "character varying(512)", "TEXT", false),
        new("licenses", "tier", "character varying(20)", "TEXT", false),
        new("licenses", "user_id", "uuid", "TEXT", true),
        new("licenses", "expires_at", "timestamp with time zone", "TEXT", true),
        new("licenses", "revoked_at", "timestamp with time zone", "TEXT", true),
        new("licenses", "created_at", "timestamp with time zone", "TEXT", false),
    ];

    public static readonly IndexSpec[] Indexes =
    [
        new("ux_device_fingerprints_fingerprint", "device_fingerprints", "fingerprint", Unique: true),
        new("ix_device_fingerprints_user_id", "device_fingerprints", "user_id", Unique: false),
        new("ix_device_fingerprints_platform", "device_fingerprints", "platform", Unique: false),
        new("ix_device_pairings_device_b_id", "device_pairings", "device_b_id", Unique: false),
        new("ix_session_history_host_user_id", "session_history", "host_user_id", Unique: false),
        new("ix_session_history_started_at", "session_history", "started_at", Unique: false),
        new("ix_session_history_host_device_id", "session_history", "host_device_id", Unique: false),
        new("ix_session_history_open", "session_history", "started_at", Unique: false),
        new("ix_session_participants_device_id", "session_participants", "device_id", Unique: false),
        new("ix_licenses_user_id", "licenses", "user_id", Unique: false),
    ];

    public static readonly ForeignKeySpec[] ForeignKeys =
    [
        new("device_pairings", "device_a_id", "device_fingerprints", "CASCADE"),
        new("device_pairings", "device_b_id", "device_fingerprints", "CASCADE"),
        new("session_history", "host_device_id", "device_fingerprints", "NO ACTION"),
        new("session_participants", "device_id", "device_fingerprints", "NO ACTION"),
        new("session_participants", "session_id", "session_history", "CASCADE"),
    ];
}

public sealed record ColumnSpec(string Table, string Name, string PostgresType, string SqliteType, bool Nullable);

/// <summary>An index as introspected: name, table, its definition text (CREATE [UNIQUE] INDEX ... (columns)).</summary>
public sealed record IndexSpec(string Name, string Table, string Columns, bool Unique);

public sealed record ForeignKeySpec(string Table, string Column, string ReferencedTable, string OnDelete);

public sealed record ColumnInfo(string Name, string Type, bool Nullable);
