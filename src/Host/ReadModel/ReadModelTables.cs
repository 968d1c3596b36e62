using LinqToDB;
using LinqToDB.Mapping;

namespace SignalingAkka.Host.ReadModel;

// linq2db mappings of the tables in Migrations/*/0001_signaling_tables.sql. Enum-valued columns
// are strings holding the wire names (ANDROID, HOST, COMPLETED, ...), as the seed's tables say.

[Table("device_fingerprints")]
public sealed class DeviceFingerprintRow
{
    [Column("id"), PrimaryKey] public Guid Id { get; set; }
    [Column("user_id")] public Guid? UserId { get; set; }
    [Column("fingerprint"), NotNull] public string Fingerprint { get; set; } = "";
    [Column("public_key"), NotNull] public string PublicKey { get; set; } = "";
    [Column("device_name")] public string? DeviceName { get; set; }
    [Column("platform")] public string? Platform { get; set; }
    [Column("device_type")] public string? DeviceType { get; set; }

    /// <summary>JSON text; PostgreSQL needs the parameter typed jsonb, SQLite keeps plain text.</summary>
    [Column("last_capabilities", DataType = DataType.BinaryJson, Configuration = ProviderName.PostgreSQL)]
    [Column("last_capabilities")]
    public string? LastCapabilities { get; set; }

    [Column("last_seen")] public DateTimeOffset? LastSeen { get; set; }
    [Column("is_blocked")] public bool IsBlocked { get; set; }
    [Column("created_at")] public DateTimeOffset CreatedAt { get; set; }
}

[Table("device_pairings")]
public sealed class DevicePairingRow
{
    [Column("id"), PrimaryKey] public Guid Id { get; set; }
    [Column("device_a_id")] public Guid DeviceAId { get; set; }
    [Column("device_b_id")] public Guid DeviceBId { get; set; }
    [Column("shared_secret"), NotNull] public string SharedSecret { get; set; } = "";
    [Column("status"), NotNull] public string Status { get; set; } = "active";
    [Column("initiated_by")] public Guid? InitiatedBy { get; set; }
    [Column("created_at")] public DateTimeOffset CreatedAt { get; set; }
}

[Table("session_history")]
public sealed class SessionHistoryRow
{
    [Column("id"), PrimaryKey] public Guid Id { get; set; }
    [Column("session_type"), NotNull] public string SessionType { get; set; } = "";
    [Column("host_device_id")] public Guid HostDeviceId { get; set; }
    [Column("host_user_id")] public Guid? HostUserId { get; set; }
    [Column("license_tier"), NotNull] public string LicenseTier { get; set; } = "";
    [Column("end_reason")] public string? EndReason { get; set; }
    [Column("participant_count")] public int ParticipantCount { get; set; }
    [Column("hub_migration_count")] public int HubMigrationCount { get; set; }
    [Column("total_bytes_relayed")] public long TotalBytesRelayed { get; set; }
    [Column("avg_latency_ms")] public double? AvgLatencyMs { get; set; }
    [Column("started_at")] public DateTimeOffset StartedAt { get; set; }
    [Column("ended_at")] public DateTimeOffset? EndedAt { get; set; }
    [Column("duration_seconds")] public int? DurationSeconds { get; set; }
}

[Table("session_participants")]
public sealed class SessionParticipantRow
{
    [Column("session_id"), PrimaryKey(0)] public Guid SessionId { get; set; }
    [Column("device_id"), PrimaryKey(1)] public Guid DeviceId { get; set; }
    [Column("role"), NotNull] public string Role { get; set; } = "";
    [Column("is_licensed")] public bool IsLicensed { get; set; }
    [Column("capability_score")] public int CapabilityScore { get; set; }
    [Column("joined_at"), PrimaryKey(2)] public DateTimeOffset JoinedAt { get; set; }
    [Column("left_at")] public DateTimeOffset? LeftAt { get; set; }
}

[Table("licenses")]
public sealed class LicenseRow
{
    [Column("token"), PrimaryKey] public string Token { get; set; } = "";
    [Column("tier"), NotNull] public string Tier { get; set; } = "";
    [Column("user_id")] public Guid? UserId { get; set; }
    [Column("expires_at")] public DateTimeOffset? ExpiresAt { get; set; }
    [Column("revoked_at")] public DateTimeOffset? RevokedAt { get; set; }
    [Column("created_at")] public DateTimeOffset CreatedAt { get; set; }
}
