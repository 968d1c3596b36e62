using SignalingAkka.Protocol;

namespace SignalingAkka.Actors.ReadModel;

/// <summary>
/// Receives facts for the relational read model (device_fingerprints, session_history,
/// session_participants, …). Implementations queue and write asynchronously, retrying failed
/// writes; <see cref="Record"/> never blocks and never throws, so signaling never waits on SQL.
/// </summary>
public interface IReadModelSink
{
    void Record(ReadModelRecord record);
}

/// <summary>One fact for the read model; each maps to an insert or update of rows.</summary>
public abstract record ReadModelRecord;

public sealed record DeviceUpserted(
    string DeviceId, string Fingerprint, string PublicKey, string DeviceName, Platform Platform,
    DeviceType DeviceType, string? UserId, DateTimeOffset At) : ReadModelRecord;

public sealed record DeviceBlockChanged(string Fingerprint, bool Blocked, DateTimeOffset At) : ReadModelRecord;

public sealed record DeviceSeen(string Fingerprint, DateTimeOffset At) : ReadModelRecord;

/// <summary>Capabilities as last reported, with their score; stored as JSON in last_capabilities.</summary>
public sealed record DeviceCapabilitiesUpdated(string Fingerprint, Capabilities Capabilities, int Score, DateTimeOffset At)
    : ReadModelRecord;

public sealed record SessionStarted(
    string SessionId, SessionType SessionType, string HostFingerprint, string? HostUserId, Tier Tier,
    DateTimeOffset StartedAt) : ReadModelRecord;

public sealed record ParticipantJoinedSession(
    string SessionId, string Fingerprint, ParticipantRole Role, bool IsLicensed, int CapabilityScore,
    DateTimeOffset JoinedAt, int ParticipantCount) : ReadModelRecord;

public sealed record ParticipantLeftSession(string SessionId, string Fingerprint, DateTimeOffset LeftAt, int ParticipantCount)
    : ReadModelRecord;

/// <summary>The hub moved: roles of both devices change and hub_migration_count is the session's new total.</summary>
public sealed record HubMigrated(
    string SessionId, string? PreviousHubFingerprint, string NewHubFingerprint, int HubMigrationCount) : ReadModelRecord;

public sealed record SessionEndedRecord(
    string SessionId, EndReason Reason, DateTimeOffset EndedAt, int DurationSeconds, int ParticipantCount,
    int HubMigrationCount) : ReadModelRecord;
